package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.mask.BinaryMask;

/**
 * One decoder run: four candidate masks as 256×256 low-resolution logits (SAM's
 * {@code low_res_masks}; index 0 is the single-mask token, 1–3 the multimask tokens) with the
 * decoder's IoU estimate for each. Full-size masks are made on demand from the low-res logits by
 * {@link MaskPostprocessor}, so a 12 MP image never pays for four full-size float maps.
 */
public final class DecoderResult {
    public static final int MASK_COUNT = 4;

    private final float[][] lowResLogits;
    private final float[] iouPredictions;
    private final ResizeGeometry geometry;
    private final boolean guidanceApplied;
    private final boolean maskInputApplied;

    public DecoderResult(float[][] lowResLogits, float[] iouPredictions, ResizeGeometry geometry,
                         boolean guidanceApplied, boolean maskInputApplied) {
        if (lowResLogits.length != MASK_COUNT || iouPredictions.length != MASK_COUNT) {
            throw new IllegalArgumentException("a decoder result holds 4 masks and 4 IoU estimates, got "
                    + lowResLogits.length + " and " + iouPredictions.length);
        }
        this.lowResLogits = lowResLogits;
        this.iouPredictions = iouPredictions;
        this.geometry = geometry;
        this.guidanceApplied = guidanceApplied;
        this.maskInputApplied = maskInputApplied;
    }

    /** The decoder's IoU estimate for mask {@code i}. */
    public float iouPrediction(int i) {
        return iouPredictions[i];
    }

    public float[] iouPredictions() {
        return iouPredictions.clone();
    }

    /** A copy of mask {@code i}'s 256×256 logits, row-major, in the padded input frame. */
    public float[] lowResLogits(int i) {
        return lowResLogits[i].clone();
    }

    public ResizeGeometry geometry() {
        return geometry;
    }

    /** True when PerSAM guidance reached the graph (false for decoders without those inputs). */
    public boolean guidanceApplied() {
        return guidanceApplied;
    }

    /** True when the prompt's {@code mask_input} reached the graph. */
    public boolean maskInputApplied() {
        return maskInputApplied;
    }

    /** Index of the multimask output (1–3) with the highest IoU estimate, as SAM picks with multimask_output. */
    public int bestMultimaskIndex() {
        int best = 1;
        for (int i = 2; i < MASK_COUNT; i++) {
            if (iouPredictions[i] > iouPredictions[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Mask {@code i}'s logits at the original image size (H×W, row-major). */
    public float[] logitsAtOriginalSize(int i) {
        return MaskPostprocessor.toOriginalSize(lowResLogits[i], geometry);
    }

    /** Mask {@code i} at the original image size, thresholded at logit 0. */
    public BinaryMask mask(int i) {
        return MaskPostprocessor.maskAtOriginalSize(lowResLogits[i], geometry);
    }
}
