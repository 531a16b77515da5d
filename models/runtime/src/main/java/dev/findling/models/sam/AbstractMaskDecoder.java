package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import ai.onnxruntime.OrtSession;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ModelExecutionException;

import java.util.Arrays;
import java.util.List;

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

    /**
     * Feeds PerSAM's {@code attn_sim} [1,1,1,h·w] and {@code target_embedding} [1,1,C] to a guided graph (one of the
     * guided dialects, {@code Dialects.isGuided}). Such a graph applies its second softmax on every run, so without
     * guidance both are zeros (a zero target embedding adds nothing; no {@code attn_sim} restores plain attention).
     *
     * @return whether guidance reached the graph
     */
    protected static boolean putGuidanceInputs(BoundSession.Inputs inputs, ImageEmbedding embedding, PerSamGuidance guidance) {
        int cells = embedding.gridHeight() * embedding.gridWidth();
        int channels = embedding.channels();
        float[] attn = guidance == null ? new float[cells] : guidance.attnSim4096();
        float[] target = guidance == null ? new float[channels] : guidance.targetEmbedding();
        if (attn == null || attn.length != cells) {
            throw new IllegalArgumentException("attn_sim must hold one value per embedding cell ("
                    + embedding.gridHeight() + "×" + embedding.gridWidth() + " = " + cells + ") but holds "
                    + (attn == null ? "nothing" : attn.length));
        }
        if (target == null || target.length != channels) {
            throw new IllegalArgumentException("target_embedding must hold " + channels + " values (the embedding's "
                    + "channels) but holds " + (target == null ? "nothing" : target.length));
        }
        inputs.floats("attn_sim", attn, 1, 1, 1, cells);
        inputs.floats("target_embedding", target, 1, 1, channels);
        return guidance != null;
    }

    /** Runs with only the two low-resolution outputs fetched and turns them into a {@link DecoderResult} in SAM's layout. */
    protected DecoderResult run(BoundSession.Inputs inputs, ResizeGeometry geometry, boolean guidanceApplied,
                                boolean maskInputApplied) {
        return run(inputs, session.output(IOU_PREDICTIONS), session.output(LOW_RES_MASKS), DecoderResult.CandidateLayout.SAM,
                geometry, guidanceApplied, maskInputApplied);
    }

    /**
     * Runs fetching only {@code scores} and {@code lowRes} (a graph's full-size output is never fetched) and checks
     * that they hold {@code layout.count()} candidates of 256×256 logits.
     */
    protected DecoderResult run(BoundSession.Inputs inputs, BoundSession.Fetch scores, BoundSession.Fetch lowRes,
                                DecoderResult.CandidateLayout layout, ResizeGeometry geometry, boolean guidanceApplied,
                                boolean maskInputApplied) {
        try (OrtSession.Result result = session.run(inputs, List.of(scores, lowRes))) {
            long[] shape = session.shape(result, lowRes.logical());
            int side = DecoderPrompt.LOW_RES_SIDE;
            int n = layout.count();
            long candidates = shape.length >= 3 ? shape[shape.length - 3] : -1;
            long leading = 1;
            for (int i = 0; i < shape.length - 3; i++) {
                leading *= shape[i];
            }
            if (shape.length < 4 || leading != 1 || candidates != n || shape[shape.length - 2] != side
                    || shape[shape.length - 1] != side) {
                throw new ModelExecutionException(session.file() + ": " + session.entry().outputName(lowRes.logical())
                        + " has shape " + Arrays.toString(shape) + " but [1, " + n + ", 256, 256] was expected");
            }
            float[] score = session.floats(result, scores.logical());
            if (score.length != n) {
                throw new ModelExecutionException(session.file() + ": " + session.entry().outputName(scores.logical())
                        + " holds " + score.length + " values but " + n + " were expected");
            }
            float[] all = session.floats(result, lowRes.logical());
            float[][] masks = new float[n][];
            for (int i = 0; i < n; i++) {
                masks[i] = Arrays.copyOfRange(all, i * side * side, (i + 1) * side * side);
            }
            return new DecoderResult(masks, score, layout, geometry, guidanceApplied, maskInputApplied);
        }
    }
}
