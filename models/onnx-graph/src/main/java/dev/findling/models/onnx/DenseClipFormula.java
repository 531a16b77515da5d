package dev.findling.models.onnx;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the last block of a CLIP ViT is changed so that every patch token, not only the class token, lands in the
 * joint image–text space (the training-free dense heads; see {@code models/docs/dense-clip.md}).
 */
public enum DenseClipFormula {
    /**
     * MaskCLIP: the last block's attention becomes the identity (each token attends only to itself, so its value
     * passes through {@code out_proj}), the residual and the FFN stay. The default: it is the formula the golden
     * features follow, and it keeps the last block's FFN, which CLIP's projection was trained to follow.
     */
    MASKCLIP("maskclip", "last block's attention replaced by the identity (value → out_proj), residual and FFN kept"),
    /**
     * MaskCLIP without the residual and FFN of the last block ({@code ln_post(out_proj(v))}): the residual carries
     * the blurred global context of the earlier blocks into every patch, which dropping it removes at the cost of
     * the FFN's refinement.
     */
    MASKCLIP_NO_RESIDUAL("maskclip-no-residual", "value → out_proj of the last block straight to ln_post (no residual, no FFN)"),
    /**
     * ClearCLIP: query–query attention in the last block, no residual, no FFN. Its authors found the residual to be
     * the main source of noise in dense CLIP maps, and that letting each token attend to tokens with similar
     * queries (rather than to CLIP's global "register" tokens) gives sharper, still text-aligned maps.
     */
    CLEARCLIP("clearclip", "last block: softmax(q·qᵀ·scale)·v → out_proj straight to ln_post (no residual, no FFN)");

    private final String id;
    private final String description;

    DenseClipFormula(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used in pack.json, on the command line and in derived file names. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static Optional<DenseClipFormula> byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst();
    }

    /** For error messages: "maskclip, maskclip-no-residual, clearclip". */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(DenseClipFormula::id).toList());
    }
}
