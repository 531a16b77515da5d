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
        return putGuidanceInputs(inputs, embedding, guidance);
    }
}
