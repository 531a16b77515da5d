package dev.findling.models.image;

import dev.findling.models.mask.BinaryMask;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.nio.file.Path;

/**
 * Reads mask images of every kind people and datasets produce into a {@link BinaryMask}, and
 * writes masks as PNG.
 *
 * <p>Binarization rules (the same image always gives the same mask):
 * <ul>
 *   <li><b>Gray</b> (8 or 16 bit): foreground where the value is above half of the largest value
 *       present. So 0/1 masks (PerSAM's and many datasets' format, which look black in a viewer and
 *       select nothing under a fixed 128 threshold) work exactly like 0/255 masks, and anti-aliased
 *       edges split at mid-gray.</li>
 *   <li><b>Palette</b> (indexed PNG, GIF, 1-bit BMP): when every palette entry in use is a shade of
 *       gray, the gray rule applies to the entry's colour (so an optimizer that turned a black/white
 *       mask into a palette image, whatever the index order, changes nothing); otherwise the image is a
 *       label map and every non-zero index is foreground (Pascal VOC / DAVIS style; VOC's 255 "void"
 *       border counts as object).</li>
 *   <li><b>RGB</b>: the gray rule on the largest of r, g, b — any non-black colour is foreground.</li>
 *   <li><b>With alpha</b> (RGBA, gray+alpha, palette with transparency): when alpha varies across
 *       the image it is the mask (an RGBA cut-out), thresholded by the gray rule; when alpha is
 *       constant the colour rules apply.</li>
 * </ul>
 * A mask with no foreground is returned as an empty mask; deciding that an empty reference mask is
 * an error is the caller's business. EXIF orientation is applied as for photos.
 */
public final class MaskImages {
    private MaskImages() {
    }

    public static BinaryMask read(Path file, ImageLimits limits) {
        return read(ImageDecoder.readWithinLimit(file, limits), limits);
    }

    public static BinaryMask read(byte[] bytes, ImageLimits limits) {
        ImageDecoder.Decoded decoded = ImageDecoder.decode(bytes, limits);
        BufferedImage image = decoded.image();
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] bits = image.getColorModel() instanceof IndexColorModel icm
                ? fromPalette(image.getRaster(), icm, w, h)
                : fromComponents(image.getRaster(), image.getColorModel(), w, h);
        int orientation = decoded.orientation();
        byte[] oriented = ExifOrientation.apply(bits, w, h, 1, orientation);
        return ExifOrientation.swapsAxes(orientation) ? BinaryMask.wrap(h, w, oriented) : BinaryMask.wrap(w, h, oriented);
    }

    /** A 0/255 8-bit grayscale PNG. */
    public static byte[] toPng(BinaryMask mask) {
        return PngWriter.mask(mask);
    }

    private static byte[] fromPalette(Raster raster, IndexColorModel icm, int w, int h) {
        int size = icm.getMapSize();
        boolean[] used = new boolean[size];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                used[Math.min(row[x], size - 1)] = true;
            }
        }
        int minAlpha = 255;
        int maxAlpha = 0;
        int maxGray = 0;
        boolean allGray = true;
        for (int i = 0; i < size; i++) {
            if (!used[i]) {
                continue;
            }
            int a = icm.getAlpha(i);
            minAlpha = Math.min(minAlpha, a);
            maxAlpha = Math.max(maxAlpha, a);
            int r = icm.getRed(i);
            allGray &= r == icm.getGreen(i) && r == icm.getBlue(i);
            maxGray = Math.max(maxGray, r);
        }
        boolean[] foreground = new boolean[size];
        for (int i = 0; i < size; i++) {
            if (minAlpha != maxAlpha) {
                foreground[i] = above(icm.getAlpha(i), maxAlpha);
            } else if (allGray) {
                foreground[i] = above(icm.getRed(i), maxGray);
            } else {
                foreground[i] = i != 0;
            }
        }
        byte[] bits = new byte[w * h];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                bits[o + x] = foreground[Math.min(row[x], size - 1)] ? (byte) 1 : 0;
            }
        }
        return bits;
    }

    private static byte[] fromComponents(Raster raster, ColorModel cm, int w, int h) {
        int bands = raster.getNumBands();
        boolean hasAlpha = cm.hasAlpha() && bands > 1;
        int colourBands = hasAlpha ? bands - 1 : bands;
        int[] row = new int[w * bands];
        int minAlpha = Integer.MAX_VALUE;
        int maxAlpha = 0;
        int maxValue = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                maxValue = Math.max(maxValue, colourValue(row, p, colourBands));
                if (hasAlpha) {
                    int a = row[p + bands - 1];
                    minAlpha = Math.min(minAlpha, a);
                    maxAlpha = Math.max(maxAlpha, a);
                }
            }
        }
        boolean useAlpha = hasAlpha && minAlpha != maxAlpha;
        int max = useAlpha ? maxAlpha : maxValue;
        byte[] bits = new byte[w * h];
        if (max == 0) {
            return bits;
        }
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                int v = useAlpha ? row[p + bands - 1] : colourValue(row, p, colourBands);
                bits[o + x] = above(v, max) ? (byte) 1 : 0;
            }
        }
        return bits;
    }

    private static int colourValue(int[] row, int p, int colourBands) {
        int v = row[p];
        for (int c = 1; c < colourBands; c++) {
            v = Math.max(v, row[p + c]);
        }
        return v;
    }

    /** The gray rule: above half of the largest value present. */
    private static boolean above(int value, int max) {
        return max > 0 && 2L * value > max;
    }
}
