package dev.findling.semantic;

/**
 * Per-cell softmax over the classes and a constant-logit background (see {@link SegmentationSettings}):
 * {@code p_k = exp(T·cos_k) / (exp(T·τ) + Σ_j exp(T·cos_j))}. Labels are 0 for background and k + 1 for
 * class k. Cells marked invalid (padding) are background with probability 1.
 */
final class ClassProbabilities {
    final float[][] probability;
    final byte[] labels;
    /** Highest cosine of each class over the valid cells; reported when a class finds nothing. */
    final float[] bestCosine;

    private ClassProbabilities(float[][] probability, byte[] labels, float[] bestCosine) {
        this.probability = probability;
        this.labels = labels;
        this.bestCosine = bestCosine;
    }

    static ClassProbabilities of(float[][] cosines, boolean[] valid, float temperature, float backgroundSimilarity) {
        int k = cosines.length;
        int cells = valid.length;
        float[][] p = new float[k][cells];
        byte[] labels = new byte[cells];
        float[] best = new float[k];
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        float background = temperature * backgroundSimilarity;
        for (int c = 0; c < cells; c++) {
            if (!valid[c]) {
                continue;
            }
            float max = background;
            int arg = -1;
            for (int j = 0; j < k; j++) {
                float cos = cosines[j][c];
                best[j] = Math.max(best[j], cos);
                float logit = temperature * cos;
                if (logit > max) {
                    max = logit;
                    arg = j;
                }
            }
            double sum = Math.exp(background - max);
            for (int j = 0; j < k; j++) {
                double e = Math.exp(temperature * cosines[j][c] - max);
                p[j][c] = (float) e;
                sum += e;
            }
            for (int j = 0; j < k; j++) {
                p[j][c] = (float) (p[j][c] / sum);
            }
            labels[c] = (byte) (arg + 1);
        }
        return new ClassProbabilities(p, labels, best);
    }
}
