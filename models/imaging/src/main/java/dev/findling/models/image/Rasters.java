package dev.findling.models.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns decoded {@link BufferedImage}s into interleaved 8-bit RGB. Decoders hand back a handful of
 * layouts (3-byte BGR from JPEG, RGBA/gray/16-bit/palette from PNG, packed ints from BMP); each
 * common one is copied straight from its data buffer, because {@code BufferedImage.getRGB} costs
 * about a second on a 12 MP photo. Anything unusual (embedded non-sRGB ICC profiles, premultiplied
 * alpha) goes through {@code getRGB}, which converts colours correctly.
 *
 * <p>Gray values are taken as sRGB-encoded and replicated, as every photo viewer does; Java2D's
 * gray colour space is linear and would brighten them. Transparent pixels are composited over
 * white, so a cut-out PNG used as a reference shows its object on white, not on undefined colour.
 */
final class Rasters {
    private Rasters() {
    }

    static byte[] toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        boolean zeroOrigin = raster.getMinX() == 0 && raster.getMinY() == 0
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
        if (zeroOrigin && !cm.isAlphaPremultiplied()) {
            if (cm instanceof ComponentColorModel && raster.getDataBuffer() instanceof DataBufferByte bytes
                    && raster.getSampleModel() instanceof ComponentSampleModel sm
                    && isSrgbOrGray(cm.getColorSpace()) && bytes.getNumBanks() == 1) {
                return fromInterleavedBytes(bytes.getData(), sm, w, h, cm);
            }
            if (cm instanceof IndexColorModel icm) {
                return fromIndexed(raster, icm, w, h);
            }
            if (raster.getDataBuffer() instanceof DataBufferInt ints
                    && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                    && (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB)) {
                return fromPackedInts(ints.getData(), sm.getScanlineStride(), w, h,
                        image.getType() == BufferedImage.TYPE_INT_ARGB);
            }
            if (cm instanceof ComponentColorModel && isSrgbOrGray(cm.getColorSpace())
                    && (raster.getTransferType() == DataBuffer.TYPE_USHORT || raster.getTransferType() == DataBuffer.TYPE_BYTE)) {
                return fromComponents(raster, cm, w, h);
            }
        }
        return viaGetRgb(image, w, h);
    }

    private static boolean isSrgbOrGray(ColorSpace cs) {
        return cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY;
    }

    private static byte[] fromInterleavedBytes(byte[] data, ComponentSampleModel sm, int w, int h, ColorModel cm) {
        int bands = sm.getNumBands();
        int[] offsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean alpha = cm.hasAlpha();
        byte[] out = new byte[3 * w * h];
        int o = 0;
        if (!gray && !alpha && bands == 3) {
            int r = offsets[0];
            int g = offsets[1];
            int b = offsets[2];
            for (int y = 0; y < h; y++) {
                int p = y * scanline;
                for (int x = 0; x < w; x++, p += pixelStride) {
                    out[o++] = data[p + r];
                    out[o++] = data[p + g];
                    out[o++] = data[p + b];
                }
            }
            return out;
        }
        if (gray && !alpha && bands == 1) {
            int v0 = offsets[0];
            for (int y = 0; y < h; y++) {
                int p = y * scanline + v0;
                for (int x = 0; x < w; x++, p += pixelStride) {
                    byte v = data[p];
                    out[o++] = v;
                    out[o++] = v;
                    out[o++] = v;
                }
            }
            return out;
        }
        int colourBands = gray ? 1 : 3;
        int a = alpha ? offsets[bands - 1] : -1;
        for (int y = 0; y < h; y++) {
            int p = y * scanline;
            for (int x = 0; x < w; x++, p += pixelStride) {
                int alphaValue = alpha ? data[p + a] & 0xFF : 255;
                for (int c = 0; c < 3; c++) {
                    int v = data[p + offsets[colourBands == 1 ? 0 : c]] & 0xFF;
                    out[o++] = (byte) overWhite(v, alphaValue);
                }
            }
        }
        return out;
    }

    private static byte[] fromIndexed(Raster raster, IndexColorModel icm, int w, int h) {
        int size = icm.getMapSize();
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            int argb = icm.getRGB(i);
            int alpha = argb >>> 24;
            r[i] = (byte) overWhite((argb >> 16) & 0xFF, alpha);
            g[i] = (byte) overWhite((argb >> 8) & 0xFF, alpha);
            b[i] = (byte) overWhite(argb & 0xFF, alpha);
        }
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int i = Math.min(row[x], size - 1);
                out[o++] = r[i];
                out[o++] = g[i];
                out[o++] = b[i];
            }
        }
        return out;
    }

    private static byte[] fromPackedInts(int[] data, int scanline, int w, int h, boolean alpha) {
        byte[] out = new byte[3 * w * h];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = y * scanline;
            for (int x = 0; x < w; x++) {
                int v = data[p + x];
                int a = alpha ? v >>> 24 : 255;
                out[o++] = (byte) overWhite((v >> 16) & 0xFF, a);
                out[o++] = (byte) overWhite((v >> 8) & 0xFF, a);
                out[o++] = (byte) overWhite(v & 0xFF, a);
            }
        }
        return out;
    }

    /** 8- or 16-bit gray/RGB with or without alpha, through the raster's sample accessors. */
    private static byte[] fromComponents(Raster raster, ColorModel cm, int w, int h) {
        int bands = raster.getNumBands();
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean alpha = cm.hasAlpha();
        int[] maxValue = new int[bands];
        for (int c = 0; c < bands; c++) {
            maxValue[c] = (1 << cm.getComponentSize(c)) - 1;
        }
        int[] row = new int[w * bands];
        byte[] out = new byte[3 * w * h];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                int a = alpha ? scale(row[p + bands - 1], maxValue[bands - 1]) : 255;
                for (int c = 0; c < 3; c++) {
                    int band = gray ? 0 : c;
                    out[o++] = (byte) overWhite(scale(row[p + band], maxValue[band]), a);
                }
            }
        }
        return out;
    }

    private static byte[] viaGetRgb(BufferedImage image, int w, int h) {
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        boolean alpha = image.getColorModel().hasAlpha();
        int o = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int v = row[x];
                int a = alpha ? v >>> 24 : 255;
                out[o++] = (byte) overWhite((v >> 16) & 0xFF, a);
                out[o++] = (byte) overWhite((v >> 8) & 0xFF, a);
                out[o++] = (byte) overWhite(v & 0xFF, a);
            }
        }
        return out;
    }

    private static int scale(int value, int max) {
        return max == 255 ? value : (value * 255 + max / 2) / max;
    }

    /** Straight (non-premultiplied) alpha over white, rounded. */
    static int overWhite(int value, int alpha) {
        if (alpha == 255) {
            return value;
        }
        return (value * alpha + 255 * (255 - alpha) + 127) / 255;
    }
}
