package dev.findling.personalize;

/**
 * Whether a PerSAM mask is the concept: the authors' code always returns a mask, even for images
 * without the concept. The score combines the two signals PerSAM has — how similar the best
 * location is to the reference ({@code peak}, the confidence map's maximum cosine) and how good the
 * decoder thinks its final mask is ({@code iou}, its IoU estimate) — as a weighted geometric mean
 * {@code peak^0.75 · iou^0.25}, both clamped to [0, 1]. The peak carries most of the weight because
 * it is the signal that separates present from absent on the calibration set (personalize/README.md);
 * the decoder's estimate still vetoes masks it does not believe in.
 */
public final class PresenceScore {
    /** Exponent of the peak in the weighted geometric mean, chosen on the calibration set. */
    public static final double PEAK_WEIGHT = 0.75;

    private PresenceScore() {
    }

    public static double of(double peakCosine, double iouEstimate) {
        return Math.pow(clamp(peakCosine), PEAK_WEIGHT) * Math.pow(clamp(iouEstimate), 1 - PEAK_WEIGHT);
    }

    /** The best score a location with this peak can reach (decoder IoU estimate 1). */
    public static double upperBound(double peakCosine) {
        return of(peakCosine, 1);
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
