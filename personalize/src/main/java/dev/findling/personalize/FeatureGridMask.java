package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.geometry.ImageResampler;
import dev.findling.models.geometry.PillowResampler;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.image.RgbImage;

/**
 * Maps an original-size mask onto the 64×64 embedding grid through the same resize-and-pad
 * geometry as the image (docs/persam.md, "Reference mask").
 *
 * <p>The authors read the PerSeg mask PNG as RGB — the object in the palette colour (128, 0, 0) —
 * resize it like the image (Pillow's antialiased bilinear), normalise it with SAM's pixel mean/std,
 * zero-pad it to 1024² and bilinearly downsample it to 64×64 (no antialiasing, align_corners=False);
 * a cell belongs to the concept when the red channel's result is &gt; 0. Bilinear 1024 → 64 reads the
 * four frame pixels around each cell's centre at ¼ each, so a cell is selected when those pixels,
 * counted as {@code red − 123.675} inside the image and 0 in the padding, sum to more than 0. This class
 * does exactly that, with the object's red at PerSeg's 128 whatever colour the mask was stored in:
 * the authors' rule then selects the cells their code selects on PerSeg, and a 0/1 or white mask is not
 * read differently (a red ≤ 123 would select nothing in their code, and white would select more
 * boundary cells).
 */
final class FeatureGridMask {
    static final int GRID = LocationConfidenceMap.GRID;
    /** SAM's red-channel pixel mean, the authors' effective threshold on the normalised mask. */
    static final double PIXEL_MEAN_R = 123.675;
    /** The red of PerSeg's object palette colour (128, 0, 0), which the authors' rule reads. */
    static final int OBJECT_RED = 128;

    private FeatureGridMask() {
    }

    /** Cells the authors' rule selects (may be none for a mask thinner than a cell's sample points). */
    static boolean[] selectedCells(BinaryMask mask, ResizeGeometry g) {
        requireSize(mask, g);
        int w = g.resizedWidth();
        int h = g.resizedHeight();
        RgbImage resized = PillowResampler.resize(redMask(mask), w, h, ImageResampler.Filter.BILINEAR);
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
                        if (fy < h && fx < w) {
                            sum += resized.channel(fx, fy, 0) - PIXEL_MEAN_R;
                        }
                    }
                }
                out[gy * GRID + gx] = sum > 0;
            }
        }
        return out;
    }

    /** The mask as PerSeg stores it: the object in red 128, the rest black. */
    private static RgbImage redMask(BinaryMask mask) {
        byte[] rgb = new byte[3 * mask.width() * mask.height()];
        for (int i = 0, n = mask.width() * mask.height(); i < n; i++) {
            if (mask.get(i)) {
                rgb[3 * i] = (byte) OBJECT_RED;
            }
        }
        return RgbImage.wrap(mask.width(), mask.height(), rgb);
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

    private static void requireSize(BinaryMask mask, ResizeGeometry g) {
        if (mask.width() != g.originalWidth() || mask.height() != g.originalHeight()) {
            throw new MaskSizeMismatchException(mask.width(), mask.height(), g.originalWidth(), g.originalHeight());
        }
    }
}
