package dev.findling.models.sam;

import dev.findling.models.runtime.BoundSession;

/**
 * The {@code persam} dialect: the {@code sam-onnx} decoder plus PerSAM's target-guided attention
 * ({@code attn_sim} [1,1,1,h·w]) and target-semantic prompting ({@code target_embedding} [1,1,C]).
 * Without guidance both are fed as zeros and the result reports {@code guidanceApplied = false}: a
 * zero {@code target_embedding} adds nothing to the tokens, but no value of {@code attn_sim} restores
 * plain attention exactly (PerSAM applies a second softmax), so callers that want plain SAM prompting
 * should use the pack's {@code sam-onnx} decoder when it has one.
 */
final class PerSamMaskDecoder extends SamOnnxMaskDecoder {
    PerSamMaskDecoder(String packId, BoundSession session) {
        super(packId, session);
    }

    @Override
    public boolean acceptsGuidance() {
        return true;
    }

    @Override
    protected boolean putGuidance(BoundSession.Inputs inputs, ImageEmbedding embedding, PerSamGuidance guidance) {
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
}
