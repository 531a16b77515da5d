package dev.findling.models.testing;

import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;

/**
 * Models for tests of a refusal that must come before any model runs (PerSAM-F on a decoder with too few
 * candidates): each describes itself like a real one and fails the test if it is ever run.
 */
public final class RefusingModels {
    private RefusingModels() {
    }

    /** A decoder returning {@code count} multimask candidates (no single-mask token, no mask input, no guidance). */
    public static MaskDecoder decoderWithCandidates(int count) {
        return new MaskDecoder() {
            @Override
            public String dialect() {
                return count + "-candidates";
            }

            @Override
            public DecoderResult.CandidateLayout candidates() {
                return new DecoderResult.CandidateLayout(count, false, DecoderResult.ScoreKind.IOU_PREDICTION);
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
                throw new AssertionError("refused before decoding");
            }
        };
    }

    /** A 1024-px SAM encoder that must not run. */
    public static ImageEncoder encoderThatMustNotRun() {
        return new ImageEncoder() {
            @Override
            public String dialect() {
                return "sam";
            }

            @Override
            public int inputSize() {
                return 1024;
            }

            @Override
            public ImageEmbedding encode(RgbImage image) {
                throw new AssertionError("refused before encoding");
            }
        };
    }
}
