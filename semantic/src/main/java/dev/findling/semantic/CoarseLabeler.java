package dev.findling.semantic;

import dev.findling.models.geometry.ResizeGeometry;

/**
 * The coarse ("CLIP head only") label map at the original size: each class's patch cosines are
 * upsampled through the dense features' geometry and folded into a running softmax, one class at a
 * time, so memory stays at a few bytes per pixel whatever the number of classes.
 */
final class CoarseLabeler {
    final byte[] labels;
    /** Σ probability and pixel count per class over the pixels it won; score = sum / count. */
    final double[] probabilitySum;
    final long[] pixelCount;

    private CoarseLabeler(byte[] labels, double[] probabilitySum, long[] pixelCount) {
        this.labels = labels;
        this.probabilitySum = probabilitySum;
        this.pixelCount = pixelCount;
    }

    /**
     * @param cosines  per class (in label order) its gh×gw cosine grid, or null for a class left out
     *                 (not understood); such a class never wins a pixel
     */
    static CoarseLabeler label(float[][] cosines, int gh, int gw, ResizeGeometry geometry, float temperature,
                               float backgroundSimilarity) {
        int n = geometry.originalWidth() * geometry.originalHeight();
        float[] maxLogit = new float[n];
        float[] sum = new float[n];
        byte[] labels = new byte[n];
        java.util.Arrays.fill(maxLogit, temperature * backgroundSimilarity);
        java.util.Arrays.fill(sum, 1f);
        for (int k = 0; k < cosines.length; k++) {
            if (cosines[k] == null) {
                continue;
            }
            float[] up = GridResampler.toOriginalSize(cosines[k], gh, gw, geometry);
            byte label = (byte) (k + 1);
            for (int p = 0; p < n; p++) {
                float logit = temperature * up[p];
                float m = maxLogit[p];
                if (logit > m) {
                    sum[p] = sum[p] * (float) Math.exp(m - logit) + 1f;
                    maxLogit[p] = logit;
                    labels[p] = label;
                } else {
                    sum[p] += (float) Math.exp(logit - m);
                }
            }
        }
        double[] probabilitySum = new double[cosines.length];
        long[] count = new long[cosines.length];
        for (int p = 0; p < n; p++) {
            int l = labels[p] & 0xff;
            if (l != 0) {
                probabilitySum[l - 1] += 1.0 / sum[p];
                count[l - 1]++;
            }
        }
        return new CoarseLabeler(labels, probabilitySum, count);
    }
}
