package dev.findling.personalize.eval;

import dev.findling.models.mask.BinaryMask;

/**
 * Boundary IoU (Cheng et al., CVPR 2021): IoU of the two masks' inner boundary bands, where a
 * mask's band is the mask minus its erosion by {@code d} pixels (3×3 square structuring element
 * applied d times, pixels outside the image counting as background) and
 * {@code d = max(1, round(ratio · image diagonal))}, ratio 0.02 as in their reference code.
 */
public final class BoundaryIou {
    public static final double DILATION_RATIO = 0.02;

    private BoundaryIou() {
    }

    public static int bandWidth(int width, int height, double ratio) {
        return Math.max(1, (int) Math.round(ratio * Math.hypot(width, height)));
    }

    /** The mask's pixels within Chebyshev distance d of the background or the image border. */
    public static BinaryMask boundary(BinaryMask mask, int d) {
        int w = mask.width();
        int h = mask.height();
        byte[] m = mask.toBytes();
        // Erosion by a (2d+1)² square is separable: a pixel survives when its row window and then its column window
        // hold no background. Running counts of background pixels make each pass O(W·H).
        byte[] rows = new byte[w * h];
        int[] prefix = new int[Math.max(w, h) + 1];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                prefix[x + 1] = prefix[x] + (m[o + x] == 0 ? 1 : 0);
            }
            for (int x = 0; x < w; x++) {
                int lo = x - d;
                int hi = x + d;
                boolean outside = lo < 0 || hi >= w;
                rows[o + x] = (byte) (!outside && prefix[hi + 1] - prefix[lo] == 0 ? 1 : 0);
            }
        }
        byte[] band = new byte[w * h];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                prefix[y + 1] = prefix[y] + (rows[y * w + x] == 0 ? 1 : 0);
            }
            for (int y = 0; y < h; y++) {
                int lo = y - d;
                int hi = y + d;
                boolean outside = lo < 0 || hi >= h;
                boolean eroded = !outside && prefix[hi + 1] - prefix[lo] == 0;
                int i = y * w + x;
                band[i] = (byte) (m[i] != 0 && !eroded ? 1 : 0);
            }
        }
        return BinaryMask.wrap(w, h, band);
    }

    /** Intersection and union of the two boundary bands, for Σ/Σ aggregation. */
    public static long[] intersectionAndUnion(BinaryMask groundTruth, BinaryMask prediction, double ratio) {
        int d = bandWidth(groundTruth.width(), groundTruth.height(), ratio);
        BinaryMask g = boundary(groundTruth, d);
        BinaryMask p = boundary(prediction, d);
        return new long[] {g.intersectionArea(p), g.unionArea(p)};
    }

    public static double of(BinaryMask groundTruth, BinaryMask prediction) {
        long[] iu = intersectionAndUnion(groundTruth, prediction, DILATION_RATIO);
        return iu[1] == 0 ? 1.0 : iu[0] / (double) iu[1];
    }
}
