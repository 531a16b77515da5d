package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.runtime.BoundSession;

/**
 * The {@code sam-onnx} dialect: segment-anything's {@code scripts/export_onnx_model.py} decoder
 * (SAM ViT-B/L/H, MobileSAM). Points are mapped to the 1024 frame through the embedding's geometry;
 * without a box the padding point (0,0) label −1 is appended, as SAM's own prompt encoder does; a box
 * becomes two corner points labelled 2 and 3; an absent mask input is zeros with
 * {@code has_mask_input} 0. Only {@code iou_predictions} and {@code low_res_masks} are fetched — the
 * full-size {@code masks} output is left in the runtime, and {@link DecoderResult} makes full-size
 * masks on demand. Stateless and thread-safe.
 */
class SamOnnxMaskDecoder extends AbstractMaskDecoder {
    private static final int MASK_INPUT_LENGTH = DecoderPrompt.LOW_RES_SIDE * DecoderPrompt.LOW_RES_SIDE;
    /** Read-only: wrapped afresh per call, never written. */
    private static final float[] NO_MASK_INPUT = new float[MASK_INPUT_LENGTH];

    SamOnnxMaskDecoder(String packId, BoundSession session) {
        super(packId, session);
    }

    @Override
    public boolean acceptsGuidance() {
        return false;
    }

    @Override
    public boolean acceptsMaskInput() {
        return true;
    }

    @Override
    public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
        requireOwnEmbedding(embedding);
        ResizeGeometry g = embedding.geometry();
        PromptPoints points = PromptPoints.of(prompt, g, true);
        boolean hasMask = prompt.maskInputLowRes() != null;
        int side = DecoderPrompt.LOW_RES_SIDE;
        try (BoundSession.Inputs inputs = session.inputs()) {
            putEmbedding(inputs, embedding);
            putPoints(inputs, points);
            inputs.floats("mask_input", hasMask ? prompt.maskInputLowRes() : NO_MASK_INPUT, 1, 1, side, side);
            inputs.floats("has_mask_input", new float[]{hasMask ? 1f : 0f}, 1);
            inputs.floats("orig_im_size", new float[]{g.originalHeight(), g.originalWidth()}, 2);
            boolean guided = putGuidance(inputs, embedding, prompt.guidance());
            return run(inputs, g, guided, hasMask);
        }
    }

    /** Hook for dialects with more inputs; returns whether guidance reached the graph. */
    protected boolean putGuidance(BoundSession.Inputs inputs, ImageEmbedding embedding, PerSamGuidance guidance) {
        return false;
    }
}
