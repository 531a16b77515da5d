package dev.findling.models.clip;

import ai.onnxruntime.OrtSession;
import dev.findling.models.pack.PackException;
import dev.findling.models.runtime.BoundSession;

/**
 * The {@code clip} text tower: {@code input_ids} [1, 77] (int64 or int32, whichever the export
 * declares) → {@code text_embeds} [1, D]. Exports that also take an {@code attention_mask} (Hugging
 * Face's) get ones through the last non-zero id (the end-of-text token) and zeros over the padding after
 * it, whatever the vocabulary's size. Thread-safe.
 */
final class ClipTextEncoder implements TextEncoder {
    /** CLIP's context length when the export leaves it dynamic. */
    static final int DEFAULT_CONTEXT_LENGTH = 77;
    private final BoundSession session;
    private final int contextLength;
    private final int dimension;
    private final boolean takesAttentionMask;

    ClipTextEncoder(String packId, BoundSession session) {
        this.session = session;
        this.contextLength = session.staticInputDim("input_ids", 1).map(Long::intValue).orElse(DEFAULT_CONTEXT_LENGTH);
        this.takesAttentionMask = session.hasInput("attention_mask");
        this.dimension = ClipDialects.dimension(session, "text_embeds", 1, () -> probeDimension());
    }

    private int probeDimension() {
        // Id 0 exists in every vocabulary; only the output's length matters here.
        return run(new int[contextLength]).length;
    }

    @Override
    public String dialect() {
        return session.entry().dialect();
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] encode(int[] tokenIds) {
        if (tokenIds.length != contextLength) {
            throw new IllegalArgumentException("the text encoder takes exactly " + contextLength + " token ids but got "
                    + tokenIds.length + "; tokenize with the pack's tokenizer, which pads to " + contextLength);
        }
        float[] embedding = run(tokenIds);
        if (embedding.length != dimension) {
            throw new PackException(session.file() + " returned " + embedding.length + " values but the pack declares "
                    + "dimension " + dimension);
        }
        return embedding;
    }

    private float[] run(int[] tokenIds) {
        try (BoundSession.Inputs inputs = session.inputs()) {
            inputs.ids("input_ids", tokenIds, 1, contextLength);
            if (takesAttentionMask) {
                inputs.ids("attention_mask", attentionMask(tokenIds), 1, contextLength);
            }
            try (OrtSession.Result result = session.run(inputs, "text_embeds")) {
                return session.floats(result, "text_embeds");
            }
        }
    }

    /**
     * Ones through the last non-zero id, zeros after it. CLIP pads with id 0, which is also a real
     * token ("!"), but the end-of-text token always follows the text, so the trailing zeros are padding.
     */
    static int[] attentionMask(int[] ids) {
        int last = ids.length - 1;
        while (last > 0 && ids[last] == 0) {
            last--;
        }
        int[] mask = new int[ids.length];
        for (int i = 0; i <= last; i++) {
            mask[i] = 1;
        }
        return mask;
    }
}
