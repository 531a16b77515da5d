package dev.findling.models.sam;

import dev.findling.models.runtime.BoundSession;

/**
 * The {@code sam-onnx-single} dialect: segment-anything's decoder exported with {@code --return-single-mask}
 * (AnyLabeling's {@code mobile_sam_20230629.zip}, {@code sam_mask_decoder_single.onnx}). Such a graph picks one
 * of SAM's four candidates inside itself with a rule that depends on the number of points, so PerSAM's cascade
 * (the single-mask token's output first, then the best of the three multimask outputs) and click-to-segment's
 * four candidates cannot be had from it. The pack still loads — its encoder and any CLIP models work — and every
 * decode is refused with one sentence that names a pack with all four candidates ({@code docs/fetch.md}).
 */
final class SingleMaskDecoder implements MaskDecoder {
    private final BoundSession session;

    SingleMaskDecoder(String packId, BoundSession session) {
        this.session = session;
    }

    @Override
    public String dialect() {
        return session.entry().dialect();
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
        throw new CandidatesUnavailableException(session.file());
    }
}
