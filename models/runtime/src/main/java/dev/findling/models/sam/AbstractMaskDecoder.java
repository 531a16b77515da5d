package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import ai.onnxruntime.OrtSession;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ModelExecutionException;

import java.util.Arrays;

/** What every SAM-family decoder shares: the pack check, the embedding tensor and reading the outputs. */
abstract class AbstractMaskDecoder implements MaskDecoder {
    static final String IOU_PREDICTIONS = "iou_predictions";
    static final String LOW_RES_MASKS = "low_res_masks";

    protected final String packId;
    protected final BoundSession session;

    AbstractMaskDecoder(String packId, BoundSession session) {
        this.packId = packId;
        this.session = session;
    }

    @Override
    public String dialect() {
        return session.entry().dialect();
    }

    /** Embeddings are only meaningful to the decoder trained with their encoder. */
    protected void requireOwnEmbedding(ImageEmbedding embedding) {
        if (!packId.equals(embedding.packId())) {
            throw new IllegalArgumentException("the embedding was computed by pack '" + embedding.packId()
                    + "' but this decoder belongs to pack '" + packId
                    + "'; encode the image with this pack's image encoder first");
        }
        long[] declared = session.inputInfo("image_embeddings").getShape();
        long[] actual = embeddingShape(embedding);
        for (int i = 0; i < declared.length && i < actual.length; i++) {
            if (declared[i] > 0 && declared[i] != actual[i]) {
                throw new IllegalArgumentException(session.file() + " takes image embeddings of shape "
                        + Arrays.toString(declared) + " but the embedding is " + Arrays.toString(actual));
            }
        }
    }

    protected static long[] embeddingShape(ImageEmbedding e) {
        return new long[]{1, e.channels(), e.gridHeight(), e.gridWidth()};
    }

    protected void putEmbedding(BoundSession.Inputs inputs, ImageEmbedding e) {
        inputs.floats("image_embeddings", e.features(), embeddingShape(e));
    }

    protected void putPoints(BoundSession.Inputs inputs, PromptPoints points) {
        inputs.floats("point_coords", points.coords(), 1, points.count(), 2);
        inputs.floats("point_labels", points.labels(), 1, points.count());
    }

    /** Runs with only the two low-resolution outputs fetched and turns them into a {@link DecoderResult}. */
    protected DecoderResult run(BoundSession.Inputs inputs, ResizeGeometry geometry, boolean guidanceApplied,
                                boolean maskInputApplied) {
        try (OrtSession.Result result = session.run(inputs, IOU_PREDICTIONS, LOW_RES_MASKS)) {
            long[] shape = session.shape(result, LOW_RES_MASKS);
            int side = DecoderPrompt.LOW_RES_SIDE;
            if (shape.length != 4 || shape[0] != 1 || shape[1] != DecoderResult.MASK_COUNT || shape[2] != side
                    || shape[3] != side) {
                throw new ModelExecutionException(session.file() + ": " + session.entry().outputName(LOW_RES_MASKS)
                        + " has shape " + Arrays.toString(shape) + " but [1, 4, 256, 256] was expected");
            }
            float[] iou = session.floats(result, IOU_PREDICTIONS);
            if (iou.length != DecoderResult.MASK_COUNT) {
                throw new ModelExecutionException(session.file() + ": " + session.entry().outputName(IOU_PREDICTIONS)
                        + " holds " + iou.length + " values but 4 were expected");
            }
            float[] all = session.floats(result, LOW_RES_MASKS);
            float[][] masks = new float[DecoderResult.MASK_COUNT][];
            for (int i = 0; i < masks.length; i++) {
                masks[i] = Arrays.copyOfRange(all, i * side * side, (i + 1) * side * side);
            }
            return new DecoderResult(masks, iou, geometry, guidanceApplied, maskInputApplied);
        }
    }
}
