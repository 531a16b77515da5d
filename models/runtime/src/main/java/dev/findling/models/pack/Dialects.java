package dev.findling.models.pack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.findling.models.pack.TensorSpec.floats;
import static dev.findling.models.pack.TensorSpec.ids;

/**
 * The tensor contracts of every supported (role, dialect) pair (docs/ARCHITECTURE.md §2). Loading a pack checks
 * each session's declared inputs and outputs against these; the runtime wrappers address tensors
 * only by these logical names, mapped to each export's names through {@link ModelEntry}.
 */
public final class Dialects {
    public static final String IMAGE_ENCODER = "image-encoder";
    public static final String MASK_DECODER = "mask-decoder";
    public static final String TEXT_ENCODER = "text-encoder";
    public static final String DENSE_ENCODER = "dense-encoder";
    public static final String IMAGE_EMBEDDER = "image-embedder";

    /**
     * The dense dialect of a merged SAM-CLIP backbone's CLIP head. A pack declares such a backbone by pointing
     * its {@code image-encoder} and its {@code dense-encoder} of this dialect at the same file.
     */
    public static final String SAMCLIP = "samclip";

    /**
     * samexporter's encoder with SAM's preprocessing inside the graph ({@code --use-preprocess}): it takes the
     * resized RGB image as float HWC on 0–255 and normalises and pads it itself.
     */
    public static final String SAM_PREPROCESS = "sam-preprocess";

    /** segment-anything's plain decoder export: four candidate masks per run. */
    public static final String SAM_ONNX = "sam-onnx";

    /**
     * The same decoder exported with {@code --return-single-mask}: it selects one of the four candidates inside
     * the graph, so it is accepted but cannot serve features that need all four (see {@code docs/fetch.md}).
     */
    public static final String SAM_ONNX_SINGLE = "sam-onnx-single";

    /** segment-anything's decoder with Personalize-SAM's two extra inputs (its own export, or derived from {@link #SAM_ONNX}). */
    public static final String PERSAM = "persam";

    /** EdgeSAM's decoder with PerSAM's two extra inputs, derived by graph editing (docs/sam-family.md, "Guidance"). */
    public static final String EDGESAM_PERSAM = "edgesam-persam";

    /** EfficientSAM's decoder with PerSAM's two extra inputs, derived by graph editing (docs/sam-family.md, "Guidance"). */
    public static final String EFFICIENTSAM_PERSAM = "efficientsam-persam";

    /**
     * Each decoder dialect whose transformer has PerSAM's attention points (SAM's two-way transformer), with the
     * dialect of its guided counterpart: the same contract plus {@code attn_sim} and {@code target_embedding}.
     */
    private static final Map<String, String> GUIDED = Map.of(
            SAM_ONNX, PERSAM,
            "edgesam", EDGESAM_PERSAM,
            "efficientsam", EFFICIENTSAM_PERSAM);

    /** Contract of one (role, dialect): required inputs and outputs. */
    public record Contract(String role, String dialect, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    }

    private static final List<Contract> CONTRACTS = List.of(
            // SAM ViT-B/L/H and MobileSAM encoders: normalised, padded NCHW 1024² (rank 3 HWC when normalised in graph).
            new Contract(IMAGE_ENCODER, "sam", List.of(floats("image", 4)), List.of(floats("image_embeddings", 4))),
            new Contract(IMAGE_ENCODER, SAM_PREPROCESS, List.of(floats("image", 3)), List.of(floats("image_embeddings", 4))),
            new Contract(IMAGE_ENCODER, "efficientvit-sam", List.of(floats("image", 4)), List.of(floats("image_embeddings", 4))),
            // EdgeSAM's scripts/export_onnx_model.py encoder: SAM's normalised, padded NCHW 1024² (static).
            new Contract(IMAGE_ENCODER, "edgesam", List.of(floats("image", 4)), List.of(floats("image_embeddings", 4))),
            // EfficientSAM's export_to_onnx.py encoder: RGB 0–1 at the image's own size, resized and normalised in the graph.
            new Contract(IMAGE_ENCODER, "efficientsam", List.of(floats("image", 4)), List.of(floats("image_embeddings", 4))),
            // segment-anything's scripts/export_onnx_model.py decoder.
            new Contract(MASK_DECODER, SAM_ONNX,
                    List.of(floats("image_embeddings", 4), floats("point_coords", 3), floats("point_labels", 2),
                            floats("mask_input", 4), floats("has_mask_input", 1), floats("orig_im_size", 1)),
                    List.of(floats("masks", 4), floats("iou_predictions", 2), floats("low_res_masks", 4))),
            new Contract(MASK_DECODER, SAM_ONNX_SINGLE,
                    List.of(floats("image_embeddings", 4), floats("point_coords", 3), floats("point_labels", 2),
                            floats("mask_input", 4), floats("has_mask_input", 1), floats("orig_im_size", 1)),
                    List.of(floats("masks", 4), floats("iou_predictions", 2), floats("low_res_masks", 4))),
            // The sam-onnx decoder with PerSAM's target-guided attention and target-semantic prompting inputs.
            new Contract(MASK_DECODER, PERSAM,
                    List.of(floats("image_embeddings", 4), floats("point_coords", 3), floats("point_labels", 2),
                            floats("mask_input", 4), floats("has_mask_input", 1), floats("orig_im_size", 1),
                            floats("attn_sim", 4), floats("target_embedding", 3)),
                    List.of(floats("masks", 4), floats("iou_predictions", 2), floats("low_res_masks", 4))),
            // EdgeSAM's scripts/export_onnx_model.py --decoder --use-stability-score: no mask input, no padding
            // point, points in the 1024 frame; stability scores and four low-res masks.
            new Contract(MASK_DECODER, "edgesam",
                    List.of(floats("image_embeddings", 4), floats("point_coords", 3), floats("point_labels", 2)),
                    List.of(floats("scores", 2), floats("masks", 4))),
            // EfficientSAM's export_to_onnx.py decoder: points [1,1,N,2] in pixels of orig_im_size (int64), three
            // candidates; the low-res logits output has no name of its own (found when the pack loads).
            new Contract(MASK_DECODER, "efficientsam",
                    List.of(floats("image_embeddings", 4), floats("batched_point_coords", 4),
                            floats("batched_point_labels", 3), ids("orig_im_size", 1)),
                    List.of(floats("iou_predictions", 3), floats("output_masks", 5))),
            // The two above with PerSAM's inputs, derived by graph editing (PerSamDecoderDerivation).
            new Contract(MASK_DECODER, EDGESAM_PERSAM,
                    List.of(floats("image_embeddings", 4), floats("point_coords", 3), floats("point_labels", 2),
                            floats("attn_sim", 4), floats("target_embedding", 3)),
                    List.of(floats("scores", 2), floats("masks", 4))),
            new Contract(MASK_DECODER, EFFICIENTSAM_PERSAM,
                    List.of(floats("image_embeddings", 4), floats("batched_point_coords", 4),
                            floats("batched_point_labels", 3), ids("orig_im_size", 1),
                            floats("attn_sim", 4), floats("target_embedding", 3)),
                    List.of(floats("iou_predictions", 3), floats("output_masks", 5))),
            // EfficientViT-SAM's decoder: no mask input, low-res outputs only, prompts in the 1024 frame.
            new Contract(MASK_DECODER, "efficientvit-sam",
                    List.of(floats("image_embeddings", 4), floats("point_coords", 3), floats("point_labels", 2)),
                    List.of(floats("iou_predictions", 2), floats("low_res_masks", 4))),
            new Contract(TEXT_ENCODER, "clip", List.of(ids("input_ids", 2)), List.of(floats("text_embeds", 2))),
            new Contract(DENSE_ENCODER, SAMCLIP, List.of(floats("image", 4)), List.of(floats("dense_features", 4))),
            new Contract(DENSE_ENCODER, "dense-clip", List.of(floats("pixel_values", 4)), List.of(floats("dense_features", 4))),
            new Contract(IMAGE_EMBEDDER, "clip", List.of(floats("pixel_values", 4)), List.of(floats("image_embeds", 2))));

    /** Roles in the order messages and manifests list them. */
    public static final List<String> ROLE_ORDER = List.of(IMAGE_ENCODER, MASK_DECODER, TEXT_ENCODER, DENSE_ENCODER,
            IMAGE_EMBEDDER);

    private static final Map<String, List<String>> ROLES = Map.of(
            IMAGE_ENCODER, List.of("sam", SAM_PREPROCESS, "efficientvit-sam", "edgesam", "efficientsam"),
            MASK_DECODER, List.of(SAM_ONNX, SAM_ONNX_SINGLE, PERSAM, "edgesam", "efficientsam", "efficientvit-sam",
                    EDGESAM_PERSAM, EFFICIENTSAM_PERSAM),
            TEXT_ENCODER, List.of("clip"),
            DENSE_ENCODER, List.of(SAMCLIP, "dense-clip"),
            IMAGE_EMBEDDER, List.of("clip"));

    private Dialects() {
    }

    public static Optional<Contract> contract(String role, String dialect) {
        return CONTRACTS.stream().filter(c -> c.role().equals(role) && c.dialect().equals(dialect)).findFirst();
    }

    /** The guided (PerSAM) counterpart of a stock decoder dialect, when PerSAM's decoder can be derived from it. */
    public static Optional<String> guidedDialectOf(String decoderDialect) {
        return Optional.ofNullable(decoderDialect == null ? null : GUIDED.get(decoderDialect));
    }

    /** Whether a decoder dialect takes PerSAM's {@code attn_sim} and {@code target_embedding}. */
    public static boolean isGuided(String decoderDialect) {
        return GUIDED.containsValue(decoderDialect);
    }

    public static List<Contract> all() {
        return CONTRACTS;
    }

    /** Known roles with their dialects, for error messages. */
    public static Map<String, List<String>> roles() {
        return ROLES;
    }
}
