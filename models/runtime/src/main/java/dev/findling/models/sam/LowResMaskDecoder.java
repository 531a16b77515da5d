package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.runtime.BoundSession;

/**
 * The {@code edgesam} and {@code efficientvit-sam} dialects: decoders exported without mask input
 * and without the full-size output (inputs {@code image_embeddings}, {@code point_coords},
 * {@code point_labels}; outputs the four 256² low-res masks and their scores). Following those
 * projects' own ONNX inference code (EdgeSAM's {@code SamPredictorONNX}, EfficientViT-SAM's
 * {@code run_efficientvit_sam_onnx.py}), no padding point is appended and a box is two corner points
 * labelled 2 and 3. Their prompt encoders work in a 1024-px frame even when the EfficientViT-SAM
 * encoder takes 512 px, so coordinates are mapped into {@value #PROMPT_FRAME} px and the result's
 * geometry is that frame (the 256² masks cover it). A mask input or PerSAM guidance in the prompt
 * cannot reach these graphs; the result says so.
 */
final class LowResMaskDecoder extends AbstractMaskDecoder {
    static final int PROMPT_FRAME = 1024;

    LowResMaskDecoder(String packId, BoundSession session) {
        super(packId, session);
    }

    @Override
    public boolean acceptsGuidance() {
        return false;
    }

    @Override
    public boolean acceptsMaskInput() {
        return false;
    }

    @Override
    public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
        requireOwnEmbedding(embedding);
        ResizeGeometry e = embedding.geometry();
        ResizeGeometry frame = e.inputSize() == PROMPT_FRAME ? e
                : ResizeGeometry.of(e.originalHeight(), e.originalWidth(), PROMPT_FRAME);
        PromptPoints points = PromptPoints.of(prompt, frame, false);
        try (BoundSession.Inputs inputs = session.inputs()) {
            putEmbedding(inputs, embedding);
            putPoints(inputs, points);
            return run(inputs, frame, false, false);
        }
    }
}
