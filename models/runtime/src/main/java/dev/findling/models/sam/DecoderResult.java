package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.mask.BinaryMask;

import java.util.stream.IntStream;

/**
 * One decoder run: the candidate masks as 256×256 low-resolution logits with the decoder's score for
 * each. How many candidates there are, whether the first is SAM's single-mask token and what the
 * scores mean depend on the dialect ({@link CandidateLayout}): SAM and EdgeSAM return four (index 0
 * the single-mask token, 1–3 the multimask tokens), EfficientSAM three multimask candidates. Full-size
 * masks are made on demand from the low-res logits by {@link MaskPostprocessor}, so a 12 MP image never
 * pays for full-size float maps.
 */
public final class DecoderResult {
    /** SAM's candidate count: the single-mask token plus three multimask tokens. */
    public static final int MASK_COUNT = 4;

    /** What a decoder's scores estimate. */
    public enum ScoreKind {
        /** The IoU head's estimate of each mask's IoU with the object (SAM, EfficientSAM). */
        IOU_PREDICTION,
        /**
         * The stability score computed inside the graph: |logits &gt; +1| / |logits &gt; −1| (EdgeSAM's published
         * {@code --use-stability-score} export). Higher still means better, so every rule that picks by score holds.
         */
        STABILITY
    }

    /**
     * The layout of a decoder's candidates.
     *
     * @param count           candidates per run
     * @param singleMaskToken true when candidate 0 is SAM's single-mask token and the rest are multimask tokens;
     *                        false when every candidate is a multimask candidate
     * @param scoreKind       what the scores are
     */
    public record CandidateLayout(int count, boolean singleMaskToken, ScoreKind scoreKind) {
        /** SAM's {@code low_res_masks}: four candidates, the single-mask token first, IoU predictions. */
        public static final CandidateLayout SAM = new CandidateLayout(MASK_COUNT, true, ScoreKind.IOU_PREDICTION);

        public CandidateLayout {
            if (count < 1 || (singleMaskToken && count < 2)) {
                throw new IllegalArgumentException("a decoder returns at least one candidate (two with a single-mask token) but "
                        + count + " were declared");
            }
        }

        /** Index of the first multimask candidate. */
        public int firstMultimask() {
            return singleMaskToken ? 1 : 0;
        }

        /** Number of multimask candidates (PerSAM-F mixes three). */
        public int multimaskCount() {
            return count - firstMultimask();
        }
    }

    private final float[][] lowResLogits;
    private final float[] scores;
    private final CandidateLayout layout;
    private final ResizeGeometry geometry;
    private final boolean guidanceApplied;
    private final boolean maskInputApplied;

    /** A result in SAM's layout ({@link CandidateLayout#SAM}). */
    public DecoderResult(float[][] lowResLogits, float[] iouPredictions, ResizeGeometry geometry,
                         boolean guidanceApplied, boolean maskInputApplied) {
        this(lowResLogits, iouPredictions, CandidateLayout.SAM, geometry, guidanceApplied, maskInputApplied);
    }

    public DecoderResult(float[][] lowResLogits, float[] scores, CandidateLayout layout, ResizeGeometry geometry,
                         boolean guidanceApplied, boolean maskInputApplied) {
        if (lowResLogits.length != layout.count() || scores.length != layout.count()) {
            throw new IllegalArgumentException("this decoder result holds " + layout.count() + " masks and "
                    + layout.count() + " scores, got " + lowResLogits.length + " and " + scores.length);
        }
        this.lowResLogits = lowResLogits;
        this.scores = scores;
        this.layout = layout;
        this.geometry = geometry;
        this.guidanceApplied = guidanceApplied;
        this.maskInputApplied = maskInputApplied;
    }

    public CandidateLayout layout() {
        return layout;
    }

    /** Number of candidate masks. */
    public int candidateCount() {
        return layout.count();
    }

    /** True when candidate 0 is SAM's single-mask token. */
    public boolean hasSingleMaskToken() {
        return layout.singleMaskToken();
    }

    /** The candidates that are multimask outputs, in order (1–3 for SAM, 0–2 for EfficientSAM). */
    public int[] multimaskIndices() {
        return IntStream.range(layout.firstMultimask(), layout.count()).toArray();
    }

    /**
     * The decoder's score for mask {@code i}: an IoU estimate, or a stability score when
     * {@link CandidateLayout#scoreKind()} says so. Either way, higher is better.
     */
    public float iouPrediction(int i) {
        return scores[i];
    }

    public float[] iouPredictions() {
        return scores.clone();
    }

    /** A copy of mask {@code i}'s 256×256 logits, row-major, in the decoder's input frame. */
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

    /**
     * Index of the multimask output with the highest score, as SAM picks with {@code multimask_output}
     * (1–3 for SAM's layout; 0–2 for EfficientSAM, whose own example takes the argmax of its three).
     */
    public int bestMultimaskIndex() {
        int best = layout.firstMultimask();
        for (int i = best + 1; i < layout.count(); i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The candidate a single-mask request takes: SAM's single-mask token where the decoder has one, otherwise
     * the best-scored candidate (EfficientSAM has no single-mask token).
     */
    public int singleMaskIndex() {
        return layout.singleMaskToken() ? 0 : bestMultimaskIndex();
    }

    /** Index of the candidate with the highest score among all of them (EdgeSAM's demo rule for clicks). */
    public int bestIndex() {
        int best = 0;
        for (int i = 1; i < layout.count(); i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Mask {@code i}'s logits at the original image size, a row at a time: no H×W float plane, which an 81-megapixel
     * photo would make a third of a gigabyte per class (docs/ARCHITECTURE.md §1, "Large photos").
     */
    public OriginalSizeRows rowsAtOriginalSize(int i) {
        return new OriginalSizeRows(lowResLogits[i], geometry);
    }

    /** Mask {@code i} at the original image size, thresholded at logit 0. */
    public BinaryMask mask(int i) {
        return MaskPostprocessor.maskAtOriginalSize(lowResLogits[i], geometry);
    }
}
