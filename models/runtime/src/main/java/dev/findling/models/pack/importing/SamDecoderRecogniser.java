package dev.findling.models.pack.importing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * segment-anything's {@code scripts/export_onnx_model.py} decoders, whose tensor names are fixed by that script:
 * the six inputs {@code image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size}
 * and the outputs {@code masks, iou_predictions, low_res_masks}. {@code sam-onnx} returns four candidates per
 * run; {@code sam-onnx-single} ({@code --return-single-mask}) one. PerSAM's decoder has two more inputs, so it
 * never matches here. Exporters often declare the mask count symbolically, so when neither
 * {@code iou_predictions} nor {@code low_res_masks} fixes it, the graph is run once on zeros to count.
 */
final class SamDecoderRecogniser implements DialectRecogniser {
    static final List<String> INPUTS = List.of("image_embeddings", "point_coords", "point_labels", "mask_input",
            "has_mask_input", "orig_im_size");
    static final List<String> OUTPUTS = List.of("masks", "iou_predictions", "low_res_masks");
    private static final int LOW_RES_SIDE = 256;

    private final String dialect;
    private final long masksPerRun;

    private SamDecoderRecogniser(String dialect, long masksPerRun) {
        this.dialect = dialect;
        this.masksPerRun = masksPerRun;
    }

    static SamDecoderRecogniser multimask() {
        return new SamDecoderRecogniser(Dialects.SAM_ONNX, 4);
    }

    static SamDecoderRecogniser singleMask() {
        return new SamDecoderRecogniser(Dialects.SAM_ONNX_SINGLE, 1);
    }

    @Override
    public String role() {
        return Dialects.MASK_DECODER;
    }

    @Override
    public String dialect() {
        return dialect;
    }

    @Override
    public String expects() {
        return "inputs " + INPUTS + " → " + OUTPUTS + " with " + masksPerRun + " mask" + (masksPerRun == 1 ? "" : "s")
                + " per run";
    }

    @Override
    public Optional<ModelEntry> recognise(GraphSignature graph) {
        if (!graph.hasExactlyInputs(INPUTS) || !graph.hasOutputs(OUTPUTS)) {
            return Optional.empty();
        }
        long masks = masksPerRun(graph);
        if (masks != masksPerRun) {
            return Optional.empty();
        }
        return Optional.of(new ModelEntry(role(), dialect, graph.file(), null, Map.of(), Map.of(), null, null));
    }

    /** The number of candidate masks per run: declared, or counted on one run; −1 when the run fails. */
    static long masksPerRun(GraphSignature graph) {
        Optional<Long> declared = graph.output("iou_predictions").flatMap(t -> t.dim(1))
                .or(() -> graph.output("low_res_masks").flatMap(t -> t.dim(1)));
        return declared.orElseGet(() -> countOnOneRun(graph));
    }

    private static long countOnOneRun(GraphSignature graph) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] embeddingShape = graph.input("image_embeddings").orElseThrow().shape().clone();
        long[] fallback = {1, 256, 64, 64};
        for (int i = 0; i < embeddingShape.length && i < fallback.length; i++) {
            if (embeddingShape[i] <= 0) {
                embeddingShape[i] = fallback[i];
            }
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("image_embeddings", zeros(env, embeddingShape));
            // One click and SAM's padding point, at the origin of a 64² image: any valid prompt will do.
            feed.put("point_coords", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{10f, 10f, 0f, 0f}), new long[]{1, 2, 2}));
            feed.put("point_labels", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{1f, -1f}), new long[]{1, 2}));
            feed.put("mask_input", zeros(env, new long[]{1, 1, LOW_RES_SIDE, LOW_RES_SIDE}));
            feed.put("has_mask_input", zeros(env, new long[]{1}));
            feed.put("orig_im_size", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{64f, 64f}), new long[]{2}));
            for (GraphSignature.Tensor extra : graph.inputs()) {
                // PerSAM's attn_sim and target_embedding: fixed shapes, and zeros are a valid feed.
                if (!feed.containsKey(extra.name()) && extra.isFloat()
                        && java.util.Arrays.stream(extra.shape()).allMatch(d -> d > 0)) {
                    feed.put(extra.name(), zeros(env, extra.shape()));
                }
            }
            try (OrtSession.Result result = graph.session().run(feed, Set.of("iou_predictions"))) {
                long[] shape = ((OnnxTensor) result.get(0)).getInfo().getShape();
                return shape.length == 2 ? shape[1] : -1;
            }
        } catch (OrtException | RuntimeException e) {
            return -1;
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor zeros(OrtEnvironment env, long[] shape) throws OrtException {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[Math.toIntExact(n)]), shape);
    }
}
