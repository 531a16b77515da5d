package dev.findling.index.store;

/** Small dense-vector helpers shared by indexing and exact re-scoring. */
public final class VectorMath {
    private VectorMath() {
    }

    /** Scales {@code v} to unit length; returns false (leaving it unchanged) when it is zero or not finite. */
    public static boolean normalizeInPlace(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            return false;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return true;
    }

    public static float[] normalized(float[] v, String what) {
        float[] copy = v.clone();
        if (!normalizeInPlace(copy)) {
            throw new IllegalArgumentException(what + " must be a non-zero finite vector");
        }
        return copy;
    }

    public static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
