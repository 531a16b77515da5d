package dev.findling.personalize;

/**
 * What PerSAM-F learns from the reference: the scale weights, mixing the three multimask logit maps as
 * {@code (1 − w1 − w2)·m1 + w1·m2 + w2·m3} (the authors' parametrisation: two free weights, initialised to
 * 1/3 each, the first derived so the three sum to 1), and the location feature its confidence map uses.
 *
 * @param locationFeat PerSAM-F's target feature, L2-normalised {@code max/2 + mean/2} of the masked reference
 *                     features (docs/persam.md); null for concepts fitted before it was kept, which then use
 *                     the concept's mean feature
 */
public record MaskMixingWeights(double w1, double w2, float[] locationFeat) {
    /** The authors' initial value for both free weights. */
    public static final MaskMixingWeights INITIAL = new MaskMixingWeights(1.0 / 3, 1.0 / 3);

    public MaskMixingWeights {
        if (!Double.isFinite(w1) || !Double.isFinite(w2)) {
            throw new IllegalArgumentException("mixing weights must be finite but are " + w1 + ", " + w2);
        }
        locationFeat = locationFeat == null ? null : locationFeat.clone();
    }

    public MaskMixingWeights(double w1, double w2) {
        this(w1, w2, null);
    }

    /** The same weights with PerSAM-F's location feature. */
    public MaskMixingWeights withLocationFeat(float[] feat) {
        return new MaskMixingWeights(w1, w2, feat);
    }

    @Override
    public float[] locationFeat() {
        return locationFeat == null ? null : locationFeat.clone();
    }

    float[] locationFeatUnsafe() {
        return locationFeat;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskMixingWeights m && Double.compare(m.w1, w1) == 0 && Double.compare(m.w2, w2) == 0
                && java.util.Arrays.equals(m.locationFeat, locationFeat);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(w1, w2, java.util.Arrays.hashCode(locationFeat));
    }

    @Override
    public String toString() {
        return "MaskMixingWeights[w0=" + w0() + ", w1=" + w1 + ", w2=" + w2
                + (locationFeat == null ? "" : ", locationFeat=" + locationFeat.length + " values") + "]";
    }

    /** The weight of the first multimask map. */
    public double w0() {
        return 1 - w1 - w2;
    }

    /** Mixes three equally long logit maps. */
    public float[] mix(float[] m1, float[] m2, float[] m3) {
        float[] out = new float[m1.length];
        float a = (float) w0();
        float b = (float) w1;
        float c = (float) w2;
        for (int i = 0; i < out.length; i++) {
            out[i] = a * m1[i] + b * m2[i] + c * m3[i];
        }
        return out;
    }
}
