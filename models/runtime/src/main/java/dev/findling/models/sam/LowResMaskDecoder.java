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
 * geometry is that frame (the 256² masks cover it). A mask input cannot reach these graphs; the result says so.
 * PerSAM's guidance reaches only the {@code edgesam-persam} graph derived from EdgeSAM's decoder by graph editing
 * (docs/sam-family.md, "Guidance"); the stock graphs ignore it and say so too.
 *
 * <p>EdgeSAM's published decoder ({@code --use-stability-score}) returns {@code scores} = stability scores
 * and {@code masks}; EfficientViT-SAM's returns IoU predictions and low-res masks. Both put SAM's
 * single-mask token first.
 */
final class LowResMaskDecoder extends AbstractMaskDecoder {
    static final int PROMPT_FRAME = 1024;

    private final String scoresOutput;
    private final String masksOutput;
    private final DecoderResult.CandidateLayout layout;
    /** Whether the graph takes PerSAM's {@code attn_sim} and {@code target_embedding}. */
    private final boolean guided;

    private LowResMaskDecoder(String packId, BoundSession session, String scoresOutput, String masksOutput,
                              DecoderResult.ScoreKind scoreKind, boolean guided) {
        super(packId, session);
        this.scoresOutput = scoresOutput;
        this.masksOutput = masksOutput;
        this.layout = new DecoderResult.CandidateLayout(DecoderResult.MASK_COUNT, true, scoreKind);
        this.guided = guided;
    }

    /** EdgeSAM's {@code scripts/export_onnx_model.py --decoder --use-stability-score}: outputs {@code scores}, {@code masks}. */
    static LowResMaskDecoder edgeSam(String packId, BoundSession session) {
        return new LowResMaskDecoder(packId, session, "scores", "masks", DecoderResult.ScoreKind.STABILITY, false);
    }

    /** The {@code edgesam-persam} dialect: EdgeSAM's decoder with PerSAM's two inputs, derived by graph editing. */
    static LowResMaskDecoder edgeSamGuided(String packId, BoundSession session) {
        return new LowResMaskDecoder(packId, session, "scores", "masks", DecoderResult.ScoreKind.STABILITY, true);
    }

    /** EfficientViT-SAM's decoder export: outputs IoU predictions and low-res masks. */
    static LowResMaskDecoder efficientVitSam(String packId, BoundSession session) {
        return new LowResMaskDecoder(packId, session, IOU_PREDICTIONS, LOW_RES_MASKS, DecoderResult.ScoreKind.IOU_PREDICTION,
                false);
    }

    @Override
    public DecoderResult.CandidateLayout candidates() {
        return layout;
    }

    @Override
    public boolean acceptsGuidance() {
        return guided;
    }

    @Override
    public boolean acceptsMaskInput() {
        return false;
    }

    @Override
    public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
        requireOwnEmbedding(embedding);
        ResizeGeometry frame = promptFrame(embedding.geometry());
        PromptPoints points = PromptPoints.of(prompt, frame, false);
        try (BoundSession.Inputs inputs = session.inputs()) {
            putEmbedding(inputs, embedding);
            putPoints(inputs, points);
            boolean guidanceApplied = guided && putGuidanceInputs(inputs, embedding, prompt.guidance());
            return run(inputs, session.output(scoresOutput), session.output(masksOutput), layout, frame, guidanceApplied, false);
        }
    }

    /** The 1024 frame the prompt encoder works in, whatever frame the encoder took the image in. */
    static ResizeGeometry promptFrame(ResizeGeometry e) {
        return e.inputSize() == PROMPT_FRAME ? e : ResizeGeometry.of(e.originalHeight(), e.originalWidth(), PROMPT_FRAME);
    }
}
