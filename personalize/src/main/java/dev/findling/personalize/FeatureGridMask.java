package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.geometry.ResizeGeometry;

/**
 * Maps an original-size mask onto the 64×64 embedding grid through the same resize-and-pad
 * geometry as the image (docs/ARCHITECTURE.md §3, reference side).
 *
 * <p>The authors resize the reference mask like the image (ResizeLongestSide), normalise it with
 * SAM's pixel mean/std, zero-pad it to 1024² and bilinearly downsample it to 64×64 (no
 * antialiasing, align_corners=False); a cell belongs to the concept when the result is &gt; 0. With
 * a 0/255 mask that means: the four 1024-frame pixels a cell's centre falls between, counted as
 * {@code 255·m − 123.675} inside the image and 0 in the padding, sum to more than 0. This class
 * does exactly that, reading the resized mask by bilinear sampling of the original (PIL's
 * antialiased resize differs only on edge pixels). Reading the mask as 0/255 regardless of how it
 * was stored avoids the authors' silent failure on 0/1 masks.
 */
final class FeatureGridMask {
    static final int GRID = LocationConfidenceMap.GRID;
    /** SAM's red-channel pixel mean, the authors' effective threshold on the normalised mask. */
    static final double PIXEL_MEAN_R = 123.675;
    static final double MASK_ON = 255.0;

    private FeatureGridMask() {
    }

    /** Cells the authors' rule selects (may be none for a mask thinner than a cell's sample points). */
    static boolean[] selectedCells(BinaryMask mask, ResizeGeometry g) {
        requireSize(mask, g);
        int stride = g.inputSize() / GRID;
        boolean[] out = new boolean[GRID * GRID];
        for (int gy = 0; gy < GRID; gy++) {
            // Bilinear 1024 → 64 reads frame rows stride·gy + stride/2 − 1 and + stride/2 at weight ½ each.
            int fy0 = stride * gy + stride / 2 - 1;
            for (int gx = 0; gx < GRID; gx++) {
                int fx0 = stride * gx + stride / 2 - 1;
                double sum = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int fy = fy0 + dy;
                        int fx = fx0 + dx;
                        if (fy < g.resizedHeight() && fx < g.resizedWidth()) {
                            sum += MASK_ON * resizedMaskAt(mask, g, fx, fy) - PIXEL_MEAN_R;
                        }
                    }
                }
                out[gy * GRID + gx] = sum > 0;
            }
        }
        return out;
    }

    /**
     * Fraction of each grid cell's original pixels that the mask covers (0 for cells in the padding).
     * Used when a mask is too small for {@link #selectedCells} and to suppress found instances.
     */
    static float[] coverage(BinaryMask mask, ResizeGeometry g) {
        requireSize(mask, g);
        int w = g.originalWidth();
        int h = g.originalHeight();
        int stride = g.inputSize() / GRID;
        int[] cellOfX = new int[w];
        for (int x = 0; x < w; x++) {
            cellOfX[x] = Math.min(GRID - 1, (int) (g.xToInputFrame(x + 0.5f) / stride));
        }
        int[] cellOfY = new int[h];
        for (int y = 0; y < h; y++) {
            cellOfY[y] = Math.min(GRID - 1, (int) (g.yToInputFrame(y + 0.5f) / stride));
        }
        int[] on = new int[GRID * GRID];
        int[] all = new int[GRID * GRID];
        for (int y = 0; y < h; y++) {
            int row = cellOfY[y] * GRID;
            for (int x = 0; x < w; x++) {
                int c = row + cellOfX[x];
                all[c]++;
                if (mask.get(x, y)) {
                    on[c]++;
                }
            }
        }
        float[] out = new float[GRID * GRID];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[i] == 0 ? 0f : on[i] / (float) all[i];
        }
        return out;
    }

    /** Bilinear sample (align_corners=False) of the 0/1 mask at the centre of resized-frame pixel (fx, fy). */
    private static double resizedMaskAt(BinaryMask m, ResizeGeometry g, int fx, int fy) {
        double sx = Math.max(0, (fx + 0.5) * g.originalWidth() / (double) g.resizedWidth() - 0.5);
        double sy = Math.max(0, (fy + 0.5) * g.originalHeight() / (double) g.resizedHeight() - 0.5);
        int x0 = Math.min((int) sx, m.width() - 1);
        int y0 = Math.min((int) sy, m.height() - 1);
        int x1 = Math.min(x0 + 1, m.width() - 1);
        int y1 = Math.min(y0 + 1, m.height() - 1);
        double ax = sx - x0;
        double ay = sy - y0;
        double top = bit(m, x0, y0) * (1 - ax) + bit(m, x1, y0) * ax;
        double bottom = bit(m, x0, y1) * (1 - ax) + bit(m, x1, y1) * ax;
        return top * (1 - ay) + bottom * ay;
    }

    private static int bit(BinaryMask m, int x, int y) {
        return m.get(x, y) ? 1 : 0;
    }

    private static void requireSize(BinaryMask mask, ResizeGeometry g) {
        if (mask.width() != g.originalWidth() || mask.height() != g.originalHeight()) {
            throw new MaskSizeMismatchException(mask.width(), mask.height(), g.originalWidth(), g.originalHeight());
        }
    }
}
