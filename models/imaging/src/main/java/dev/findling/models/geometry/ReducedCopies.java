package dev.findling.models.geometry;

import dev.findling.models.mask.BinaryMask;

/**
 * How a large photo and its full-size mask are brought down to a reduced copy's size (docs/ARCHITECTURE.md §1,
 * "Large photos"): pixels by averaging k×k blocks, for image readers that cannot subsample while decoding; masks by
 * taking the pixel under each reduced pixel's centre, for previews (overlays, cut-outs) drawn on a reduced copy.
 */
public final class ReducedCopies {
    private ReducedCopies() {
    }

    /**
     * Averages each k×k block of interleaved 8-bit pixels (rounded to nearest); the blocks at the right and bottom
     * edges average the pixels they have. The result is ⌈w/k⌉×⌈h/k⌉, the size a subsampling reader returns.
     */
    public static byte[] averageBlocks(byte[] pixels, int width, int height, int channels, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the block side must be at least 1 but is " + k);
        }
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("expected " + ((long) width * height * channels) + " bytes for a "
                    + width + "×" + height + "×" + channels + " image but got " + pixels.length);
        }
        int ow = (width + k - 1) / k;
        int oh = (height + k - 1) / k;
        byte[] out = new byte[ow * oh * channels];
        int[] sum = new int[ow * channels];
        for (int oy = 0; oy < oh; oy++) {
            java.util.Arrays.fill(sum, 0);
            int y0 = oy * k;
            int y1 = Math.min(height, y0 + k);
            for (int y = y0; y < y1; y++) {
                int row = y * width * channels;
                for (int x = 0; x < width; x++) {
                    int s = row + x * channels;
                    int o = (x / k) * channels;
                    for (int c = 0; c < channels; c++) {
                        sum[o + c] += pixels[s + c] & 0xFF;
                    }
                }
            }
            int rows = y1 - y0;
            for (int ox = 0; ox < ow; ox++) {
                int n = rows * (Math.min(width, ox * k + k) - ox * k);
                for (int c = 0; c < channels; c++) {
                    out[(oy * ow + ox) * channels + c] = (byte) ((sum[ox * channels + c] + n / 2) / n);
                }
            }
        }
        return out;
    }

    /**
     * The mask at {@code width}×{@code height}: each pixel takes the mask pixel under its centre
     * ({@code ⌊(x + ½)·W/width⌋}). The same mask is returned when the size is already right.
     */
    public static BinaryMask nearest(BinaryMask mask, int width, int height) {
        if (mask.width() == width && mask.height() == height) {
            return mask;
        }
        int[] xs = new int[width];
        for (int x = 0; x < width; x++) {
            xs[x] = (int) Math.min(mask.width() - 1, (long) ((x + 0.5) * mask.width() / width));
        }
        byte[] bits = new byte[Math.multiplyExact(width, height)];
        for (int y = 0; y < height; y++) {
            int sy = (int) Math.min(mask.height() - 1, (long) ((y + 0.5) * mask.height() / height));
            int src = sy * mask.width();
            int o = y * width;
            for (int x = 0; x < width; x++) {
                bits[o + x] = mask.get(src + xs[x]) ? (byte) 1 : 0;
            }
        }
        return BinaryMask.wrap(width, height, bits);
    }
}
