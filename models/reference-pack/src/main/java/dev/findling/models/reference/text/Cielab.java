package dev.findling.models.reference.text;

/**
 * sRGB (0–255, D65) → CIELAB, the colour space in which the reference graphs measure colour
 * distance: Euclidean distance in CIELAB (ΔE*76) roughly follows perceived difference, unlike
 * distance in RGB, where dark colours crowd together and greens spread apart. The constants are the
 * ones {@link ConceptFeatureGraph} bakes into the graphs, so prototypes computed here and pixels
 * converted in the graph land in the same space.
 */
final class Cielab {
    /** IEC 61966-2-1 sRGB transfer function: linear below this encoded value, a 2.4 power above. */
    static final float SRGB_LINEAR_LIMIT = 0.04045f;
    static final float SRGB_LINEAR_SLOPE = 12.92f;
    static final float SRGB_OFFSET = 0.055f;
    static final float SRGB_GAMMA = 2.4f;

    /** Linear sRGB → XYZ (D65), rows X, Y, Z, divided by the D65 white (0.95047, 1, 1.08883). */
    static final float[][] RGB_TO_XYZ_OVER_WHITE = {
            {0.4124564f / 0.95047f, 0.3575761f / 0.95047f, 0.1804375f / 0.95047f},
            {0.2126729f, 0.7151522f, 0.0721750f},
            {0.0193339f / 1.08883f, 0.1191920f / 1.08883f, 0.9503041f / 1.08883f}};

    /** CIELAB's f(t): cube root above (6/29)³, a linear segment below. */
    static final float F_LIMIT = (float) Math.pow(6.0 / 29.0, 3);
    static final float F_SLOPE = (float) (1.0 / (3 * Math.pow(6.0 / 29.0, 2)));
    static final float F_OFFSET = 4f / 29f;

    private Cielab() {
    }

    /** (L*, a*, b*) of an 8-bit sRGB colour. */
    static float[] fromSrgb(int r, int g, int b) {
        float[] lin = {linear(r / 255f), linear(g / 255f), linear(b / 255f)};
        float[] f = new float[3];
        for (int i = 0; i < 3; i++) {
            float t = 0;
            for (int j = 0; j < 3; j++) {
                t += RGB_TO_XYZ_OVER_WHITE[i][j] * lin[j];
            }
            f[i] = t > F_LIMIT ? (float) Math.cbrt(t) : t * F_SLOPE + F_OFFSET;
        }
        return new float[]{116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
    }

    private static float linear(float c) {
        return c <= SRGB_LINEAR_LIMIT ? c / SRGB_LINEAR_SLOPE
                : (float) Math.pow((c + SRGB_OFFSET) / (1 + SRGB_OFFSET), SRGB_GAMMA);
    }
}
