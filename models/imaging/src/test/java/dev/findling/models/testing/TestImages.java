package dev.findling.models.testing;

import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.models.mask.BinaryMask;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Builds small test images in every format, written by ImageIO or by hand, so no binaries are committed — the one
 * such fixture, shared with the other modules' tests through this module's test-jar.
 */
public final class TestImages {
    public static final int RED = 0xE02020;
    public static final int GREEN = 0x20C040;
    public static final int BLUE = 0x2040E0;
    public static final int WHITE = 0xFFFFFF;
    public static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private TestImages() {
    }

    /** Four flat quadrants (red top-left, green top-right, blue bottom-left, white bottom-right). */
    public static BufferedImage quadrants(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, quadrantColour(x, y, w, h));
            }
        }
        return img;
    }

    public static int quadrantColour(int x, int y, int w, int h) {
        boolean left = x < w / 2;
        boolean top = y < h / 2;
        return top ? (left ? RED : GREEN) : (left ? BLUE : WHITE);
    }

    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An Adobe CMYK JPEG: a raw 4-band raster written by the JPEG writer, then an Adobe APP14
     * segment (transform 0 = no colour transform) inserted after SOI so readers take the four
     * components as CMYK. Adobe stores ink inverted (255 − ink), as Photoshop does.
     */
    public static byte[] cmykJpeg(int w, int h, int[] leftInk, int[] rightInk) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] ink = x < w / 2 ? leftInk : rightInk;
                raster.setPixel(x, y, new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
            }
        }
        byte[] plain;
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
            } finally {
                writer.dispose();
            }
            plain = bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        return insertAfterSoi(plain, app14);
    }

    /** A JPEG with an EXIF APP1 segment holding only IFD0's orientation tag (big-endian TIFF). */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at offset 8
        tiff.putShort((short) 1);                                              // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1)            // Orientation, SHORT, count 1
                .putShort((short) orientation).putShort((short) 0);            // value, padding
        tiff.putInt(0);                                                        // no next IFD
        byte[] exifId = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifId.length + tiff.capacity();
        ByteBuffer app1 = ByteBuffer.allocate(2 + length).order(ByteOrder.BIG_ENDIAN);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exifId).put(tiff.array());
        return insertAfterSoi(jpeg, app1.array());
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /** A PNG that is only a signature and an IHDR chunk (with a correct CRC) declaring {@code w×h}. */
    public static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
        ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer out = ByteBuffer.allocate(8 + 12 + 13).order(ByteOrder.BIG_ENDIAN);
        out.put(PNG_SIGNATURE);
        out.putInt(13);
        byte[] type = {'I', 'H', 'D', 'R'};
        out.put(type).put(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(ihdr.array());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * A lossless WebP (VP8L) of two colours, written bit by bit: no transforms, no colour cache,
     * one prefix-code group whose green, red and blue codes are "simple" two-symbol codes (one bit
     * per pixel each) and whose alpha and distance codes have a single symbol (zero bits).
     * Pixel (x, y) gets {@code second} where {@code pattern[y][x]} is true, else {@code first}.
     */
    public static byte[] losslessWebp(boolean[][] pattern, int first, int second) {
        int h = pattern.length;
        int w = pattern[0].length;
        BitWriter bits = new BitWriter();
        bits.write(0x2F, 8);          // VP8L signature
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(0, 1);             // alpha_is_used
        bits.write(0, 3);             // version
        bits.write(0, 1);             // no transform
        bits.write(0, 1);             // no colour cache
        bits.write(0, 1);             // no meta prefix codes
        int[] firstChannels = {(first >> 8) & 0xFF, (first >> 16) & 0xFF, first & 0xFF};   // green, red, blue
        int[] secondChannels = {(second >> 8) & 0xFF, (second >> 16) & 0xFF, second & 0xFF};
        boolean[] twoSymbols = new boolean[3];
        for (int c = 0; c < 3; c++) {
            int a = firstChannels[c];
            int b = secondChannels[c];
            twoSymbols[c] = a != b;
            bits.write(1, 1);         // simple code
            if (a == b) {
                bits.write(0, 1);     // one symbol
                bits.write(1, 1);     // 8-bit symbol
                bits.write(a, 8);
            } else {
                // Canonical codes: the smaller symbol gets code 0.
                bits.write(1, 1);     // two symbols
                bits.write(1, 1);
                bits.write(Math.min(a, b), 8);
                bits.write(Math.max(a, b), 8);
            }
        }
        bits.write(1, 1).write(0, 1).write(1, 1).write(255, 8);   // alpha: the single symbol 255
        bits.write(1, 1).write(0, 1).write(0, 1).write(0, 1);     // distance: the single symbol 0
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] chosen = pattern[y][x] ? secondChannels : firstChannels;
                int[] other = pattern[y][x] ? firstChannels : secondChannels;
                for (int c = 0; c < 3; c++) {
                    if (twoSymbols[c]) {
                        bits.write(chosen[c] > other[c] ? 1 : 0, 1);
                    }
                }
            }
        }
        byte[] vp8l = bits.toByteArray();
        int chunk = vp8l.length + (vp8l.length & 1);
        ByteBuffer out = ByteBuffer.allocate(12 + 8 + chunk).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(4 + 8 + chunk).put(new byte[] {'W', 'E', 'B', 'P'});
        out.put(new byte[] {'V', 'P', '8', 'L'}).putInt(vp8l.length).put(vp8l);
        return out.array();
    }

    /** LSB-first bit packing, as VP8L reads its stream. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buffer;
        private int count;

        BitWriter write(int value, int n) {
            buffer |= ((long) value & ((1L << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out.write((int) (buffer & 0xFF));
                buffer >>>= 8;
                count -= 8;
            }
            return this;
        }

        byte[] toByteArray() {
            if (count > 0) {
                out.write((int) (buffer & 0xFF));
                buffer = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }

    public static int rgbAt(RgbImage image, int x, int y) {
        return (image.channel(x, y, 0) << 16) | (image.channel(x, y, 1) << 8) | image.channel(x, y, 2);
    }

    public static boolean close(int rgbA, int rgbB, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgbA >> shift) & 0xFF) - ((rgbB >> shift) & 0xFF)) > tolerance) {
                return false;
            }
        }
        return true;
    }

    public static RgbImage withDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed)).image();
    }

    public static RgbImage withoutDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed).withoutDisc()).image();
    }

    public static Path png(Path file, RgbImage image) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, PngWriter.rgb(image));
    }

    public static Path jpeg(Path file, RgbImage image) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, Thumbnails.jpeg(image, 0.9f));
    }

    /** A scene with the red disc, with its ground-truth disc mask. */
    public static SyntheticScenes.Scene sceneWithDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed));
    }

    /** A mask as PerSeg stores it: an 8-bit palette PNG (colour type 3), index 0 black and 1 dark red. */
    public static Path paletteMaskPng(Path file, BinaryMask mask) throws IOException {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 128}, new byte[2], new byte[2]);
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                raster.setSample(x, y, 0, mask.get(x, y) ? 1 : 0);
            }
        }
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }

    /** A grayscale (colour type 0) PNG of a photo's luminance: a real grayscale photo, many gray levels. */
    public static Path grayscalePng(Path file, RgbImage image) throws IOException {
        int w = image.width();
        int h = image.height();
        byte[] gray = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                gray[y * w + x] = (byte) Math.round(0.299 * image.channel(x, y, 0) + 0.587 * image.channel(x, y, 1)
                        + 0.114 * image.channel(x, y, 2));
            }
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, PngWriter.write(w, h, 1, gray, 6));
    }

    /** Each pixel repeated k×k times: a large photo that shows exactly the small scene. */
    public static RgbImage enlarged(RgbImage image, int k) {
        int w = image.width();
        int h = image.height();
        ByteBuffer src = image.pixels();
        byte[] out = new byte[3 * w * k * h * k];
        byte[] row = new byte[3 * w * k];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < k; i++) {
                    src.get(3 * (y * w + x), row, 3 * (x * k + i), 3);
                }
            }
            for (int i = 0; i < k; i++) {
                System.arraycopy(row, 0, out, (y * k + i) * row.length, row.length);
            }
        }
        return RgbImage.wrap(w * k, h * k, out);
    }

    /** The mask of {@link #enlarged(RgbImage, int)}'s photo. */
    public static BinaryMask enlarged(BinaryMask mask, int k) {
        int w = mask.width() * k;
        int h = mask.height() * k;
        byte[] bits = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bits[y * w + x] = mask.get(x / k, y / k) ? (byte) 1 : 0;
            }
        }
        return BinaryMask.wrap(w, h, bits);
    }
}
