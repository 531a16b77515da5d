package dev.findling.models.pack.importing;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EfficientSAM and EdgeSAM exports (docs/sam-family.md), recognised by the tensor names their projects' export
 * scripts fix. EdgeSAM's encoder has SAM's plain layout ({@code image} [1, 3, 1024, 1024] → {@code image_embeddings})
 * and the same preprocessing, so it is recognised as {@code sam}; its decoder is what tells the family apart.
 */
final class SamFamilyRecognisers {
    private SamFamilyRecognisers() {
    }

    /** One recogniser: fixed input names (exactly these), required output names, the entry it produces. */
    private record ByNames(String role, String dialect, String expects, List<String> inputs, List<String> outputs,
                           Map<String, String> inputMap) implements DialectRecogniser {
        @Override
        public Optional<ModelEntry> recognise(GraphSignature graph) {
            if (!graph.hasExactlyInputs(inputs) || !graph.hasOutputs(outputs)
                    || !graph.inputs().stream().allMatch(t -> t.isFloat() || t.name().equals("orig_im_size"))) {
                return Optional.empty();
            }
            return Optional.of(new ModelEntry(role, dialect, graph.file(), null, inputMap, Map.of(), null, null));
        }
    }

    /**
     * yformer/EfficientSAM {@code export_to_onnx.py} encoder: {@code batched_images} float [batch, 3, H, W] (RGB 0–1,
     * any size; the graph resizes and normalises) → {@code image_embeddings}.
     */
    static DialectRecogniser efficientSamEncoder() {
        return new ByNames(Dialects.IMAGE_ENCODER, "efficientsam",
                "input batched_images [B, 3, H, W] (RGB 0–1, resized in the graph) → image_embeddings",
                List.of("batched_images"), List.of("image_embeddings"), Map.of("image", "batched_images"));
    }

    /**
     * EfficientSAM's decoder: {@code image_embeddings, batched_point_coords, batched_point_labels, orig_im_size} →
     * {@code output_masks, iou_predictions} (and the unnamed low-res logits the dialect finds when it loads).
     */
    static DialectRecogniser efficientSamDecoder() {
        return new ByNames(Dialects.MASK_DECODER, "efficientsam",
                "inputs [image_embeddings, batched_point_coords, batched_point_labels, orig_im_size] → [output_masks, "
                        + "iou_predictions, low-res logits]",
                List.of("image_embeddings", "batched_point_coords", "batched_point_labels", "orig_im_size"),
                List.of("output_masks", "iou_predictions"), Map.of());
    }

    /**
     * chongzhou96/EdgeSAM {@code scripts/export_onnx_model.py --decoder --use-stability-score}:
     * {@code image_embeddings, point_coords, point_labels} → {@code scores, masks}.
     */
    static DialectRecogniser edgeSamDecoder() {
        return new ByNames(Dialects.MASK_DECODER, "edgesam",
                "inputs [image_embeddings, point_coords, point_labels] → [scores, masks] (no mask_input)",
                List.of("image_embeddings", "point_coords", "point_labels"), List.of("scores", "masks"), Map.of());
    }
}
