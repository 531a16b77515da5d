package dev.findling.personalize;

/**
 * How {@link PerSam} segments.
 *
 * @param presenceThreshold  minimum {@link PresenceScore} for a mask to count as the concept (0–1)
 * @param maxInstances       how many instances of the concept to look for in one image (≥ 1)
 * @param useFineTuning      use a concept's PerSAM-F weights when it has them
 * @param maxInstanceOverlap largest IoU a further instance may have with an earlier one
 */
public record PerSamOptions(double presenceThreshold, int maxInstances, boolean useFineTuning, double maxInstanceOverlap) {
    /** Calibrated on the synthetic scene set with the reference pack; see personalize/README.md. */
    public static final double DEFAULT_PRESENCE_THRESHOLD = 0.92;
    public static final double DEFAULT_MAX_INSTANCE_OVERLAP = 0.5;

    public PerSamOptions {
        if (!(presenceThreshold >= 0 && presenceThreshold <= 1)) {
            throw new IllegalArgumentException("presence threshold must be in [0, 1] but is " + presenceThreshold);
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1 but is " + maxInstances);
        }
        if (!(maxInstanceOverlap >= 0 && maxInstanceOverlap <= 1)) {
            throw new IllegalArgumentException("maxInstanceOverlap must be in [0, 1] but is " + maxInstanceOverlap);
        }
    }

    public static PerSamOptions defaults() {
        return new PerSamOptions(DEFAULT_PRESENCE_THRESHOLD, 1, true, DEFAULT_MAX_INSTANCE_OVERLAP);
    }

    public PerSamOptions withPresenceThreshold(double t) {
        return new PerSamOptions(t, maxInstances, useFineTuning, maxInstanceOverlap);
    }

    public PerSamOptions withMaxInstances(int n) {
        return new PerSamOptions(presenceThreshold, n, useFineTuning, maxInstanceOverlap);
    }

    public PerSamOptions withFineTuning(boolean on) {
        return new PerSamOptions(presenceThreshold, maxInstances, on, maxInstanceOverlap);
    }
}
