package dev.findling.semantic;

import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.sam.OriginalSizeRows;

/**
 * The coarse ("CLIP head only") label map at the original size: each class's patch cosines are
 * upsampled through the dense features' geometry and folded into a running softmax, a row at a time
 * and one class after another, so memory stays at the label byte per pixel whatever the number of
 * classes and the photo's size (docs/ARCHITECTURE.md §1, "Large photos").
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
        int w = geometry.originalWidth();
        int h = geometry.originalHeight();
        OriginalSizeRows[] rows = new OriginalSizeRows[cosines.length];
        for (int k = 0; k < cosines.length; k++) {
            rows[k] = cosines[k] == null ? null : new OriginalSizeRows(cosines[k], gh, gw, geometry);
        }
        byte[] labels = new byte[w * h];
        float[] up = new float[w];
        float[] maxLogit = new float[w];
        float[] sum = new float[w];
        double[] probabilitySum = new double[cosines.length];
        long[] count = new long[cosines.length];
        for (int y = 0; y < h; y++) {
            int offset = y * w;
            java.util.Arrays.fill(maxLogit, temperature * backgroundSimilarity);
            java.util.Arrays.fill(sum, 1f);
            for (int k = 0; k < cosines.length; k++) {
                if (rows[k] == null) {
                    continue;
                }
                rows[k].row(y, 0, w, up);
                byte label = (byte) (k + 1);
                for (int x = 0; x < w; x++) {
                    float logit = temperature * up[x];
                    float m = maxLogit[x];
                    if (logit > m) {
                        sum[x] = sum[x] * (float) Math.exp(m - logit) + 1f;
                        maxLogit[x] = logit;
                        labels[offset + x] = label;
                    } else {
                        sum[x] += (float) Math.exp(logit - m);
                    }
                }
            }
            for (int x = 0; x < w; x++) {
                int l = labels[offset + x] & 0xff;
                if (l != 0) {
                    probabilitySum[l - 1] += 1.0 / sum[x];
                    count[l - 1]++;
                }
            }
        }
        return new CoarseLabeler(labels, probabilitySum, count);
    }
}
