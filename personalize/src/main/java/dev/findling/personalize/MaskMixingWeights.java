package dev.findling.personalize;

/**
 * PerSAM-F's learned scale weights: the three multimask logit maps are mixed as
 * {@code (1 − w1 − w2)·m1 + w1·m2 + w2·m3} (the authors' parametrisation: two free weights,
 * initialised to 1/3 each, the first derived so the three sum to 1).
 */
public record MaskMixingWeights(double w1, double w2) {
    /** The authors' initial value for both free weights. */
    public static final MaskMixingWeights INITIAL = new MaskMixingWeights(1.0 / 3, 1.0 / 3);

    public MaskMixingWeights {
        if (!Double.isFinite(w1) || !Double.isFinite(w2)) {
            throw new IllegalArgumentException("mixing weights must be finite but are " + w1 + ", " + w2);
        }
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
