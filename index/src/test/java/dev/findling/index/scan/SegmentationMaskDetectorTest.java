package dev.findling.index.scan;

import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationMaskDetectorTest {
    static final int W = 64;
    static final int H = 48;

    /** Foreground is a disc in the middle: 1 inside, 0 outside. */
    static boolean inside(int x, int y) {
        int dx = x - W / 2;
        int dy = y - H / 2;
        return dx * dx + dy * dy < 15 * 15;
    }

    /** PerSeg's mask format: an 8-bit palette PNG with indices 0 and 1 (black and dark red). */
    static byte[] paletteMaskPng() throws IOException {
        byte[] r = {0, (byte) 128};
        byte[] g = {0, 0};
        byte[] b = {0, 0};
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 2, r, g, b));
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                raster.setSample(x, y, 0, inside(x, y) ? 1 : 0);
            }
        }
        return encode(img, "png");
    }

    static byte[] grayPixels(int background, int foreground) {
        byte[] px = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                px[y * W + x] = (byte) (inside(x, y) ? foreground : background);
            }
        }
        return px;
    }

    /** A gray + alpha PNG (colour type 4) whose alpha is the mask and whose gray is constant. */
    static byte[] grayAlphaMaskPng() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                raster.setSample(x, y, 0, 0);
                raster.setSample(x, y, 1, inside(x, y) ? 255 : 0);
            }
        }
        return encode(new BufferedImage(cm, raster, false, null), "png");
    }

    static byte[] binaryImage(String format) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, inside(x, y) ? 0xFFFFFF : 0);
            }
        }
        return encode(img, format);
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    /** A photo-like scene (texture, shading, two objects) as luminance. */
    static byte[] grayscalePhotoPng() {
        RgbImage scene = SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 7)).image();
        byte[] gray = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                gray[y * W + x] = (byte) Math.round(0.299 * scene.channel(x, y, 0) + 0.587 * scene.channel(x, y, 1)
                        + 0.114 * scene.channel(x, y, 2));
            }
        }
        return PngWriter.write(W, H, 1, gray, 6);
    }

    static int pngColourType(byte[] png) {
        return png[25] & 0xFF;
    }

    static Optional<String> check(byte[] file) {
        return SegmentationMaskDetector.maskReason(file, ImageDecoder.read(file, ImageLimits.DEFAULT));
    }

    @Test
    void perSegPaletteMaskIsAMaskWithTwoValues() throws IOException {
        byte[] png = paletteMaskPng();
        assertEquals(3, pngColourType(png), "palette PNG");
        assertEquals(Optional.of("segmentation mask (2 values), not a photo"), check(png));
    }

    @Test
    void grayMasksAreMasksWhateverTheirForegroundValue() {
        byte[] zeroOne = PngWriter.write(W, H, 1, grayPixels(0, 1), 9);
        byte[] zero255 = PngWriter.write(W, H, 1, grayPixels(0, 255), 9);
        assertEquals(0, pngColourType(zeroOne));
        assertEquals(Optional.of("segmentation mask (2 values), not a photo"), check(zeroOne));
        assertEquals(Optional.of("segmentation mask (2 values), not a photo"), check(zero255));
    }

    @Test
    void anEmptyMaskIsAMaskWithOneValue() {
        byte[] empty = PngWriter.write(W, H, 1, new byte[W * H], 9);
        assertEquals(Optional.of("segmentation mask (1 value), not a photo"), check(empty));
    }

    @Test
    void alphaOnlyAndOneBitMasksAreMasks() throws IOException {
        byte[] grayAlpha = grayAlphaMaskPng();
        assertEquals(4, pngColourType(grayAlpha), "gray + alpha PNG");
        assertTrue(check(grayAlpha).isPresent());
        for (String format : new String[] {"png", "gif", "bmp"}) {
            assertTrue(check(binaryImage(format)).isPresent(), "1-bit " + format);
        }
    }

    @Test
    void aGrayscalePhotoIsNotAMask() {
        byte[] png = grayscalePhotoPng();
        assertEquals(0, pngColourType(png));
        assertTrue(SegmentationMaskDetector.hasMaskEncoding(png), "the encoding alone does not decide");
        RgbImage decoded = ImageDecoder.read(png, ImageLimits.DEFAULT);
        assertEquals(3, SegmentationMaskDetector.distinctColours(decoded, 2), "counting stops past the limit");
        assertTrue(SegmentationMaskDetector.distinctColours(decoded, 255) > 40, "a photo has many gray levels");
        assertEquals(Optional.empty(), check(png));
    }

    @Test
    void colourPhotosAndFullColourEncodingsAreNeverMasks() {
        RgbImage photo = SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 3)).image();
        assertEquals(Optional.empty(), check(PngWriter.rgb(photo)));
        assertEquals(Optional.empty(), check(Thumbnails.jpeg(photo, 0.9f)));
        // Two flat colours, but RGB-coded (a graphic, or a mask saved as RGB): the encoding test keeps it a photo.
        byte[] rgb = new byte[3 * W * H];
        for (int i = 0; i < W * H; i++) {
            rgb[3 * i] = (byte) ((i % W) < W / 2 ? 255 : 0);
        }
        byte[] twoColourRgb = PngWriter.rgb(RgbImage.wrap(W, H, rgb));
        assertEquals(2, pngColourType(twoColourRgb));
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(twoColourRgb));
        assertEquals(Optional.empty(), check(twoColourRgb));
        // A JPEG of a binary mask: lossy coding leaves it far from two values, and JPEG is never mask-coded.
        byte[] grayJpeg = Thumbnails.jpeg(RgbImage.wrap(W, H, expand(grayPixels(0, 255))), 0.9f);
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(grayJpeg));
    }

    @Test
    void headerTestReadsOnlyTheEncoding() throws IOException {
        assertTrue(SegmentationMaskDetector.hasMaskEncoding(paletteMaskPng()));
        assertTrue(SegmentationMaskDetector.hasMaskEncoding(binaryImage("gif")));
        assertTrue(SegmentationMaskDetector.hasMaskEncoding(binaryImage("bmp")));
        RgbImage photo = SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 4)).image();
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(encode(photo.toBufferedImage(), "bmp")), "24-bit BMP");
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(PngWriter.write(W, H, 4, new byte[4 * W * H], 1)), "RGBA PNG");
        // Truncated or foreign data is simply not mask-coded; the decoder reports what is wrong with it.
        byte[] png = paletteMaskPng();
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(Arrays.copyOf(png, 20)));
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(new byte[0]));
        assertFalse(SegmentationMaskDetector.hasMaskEncoding("%PDF-1.7 not an image at all".getBytes()));
        byte[] bmp = binaryImage("bmp");
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(Arrays.copyOf(bmp, 20)));
    }

    @Test
    void headerTestOnAFileReadsItsStart(@TempDir Path dir) throws IOException {
        Path mask = Files.write(dir.resolve("m.png"), paletteMaskPng());
        Path photo = Files.write(dir.resolve("p.png"),
                PngWriter.rgb(SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 5)).image()));
        assertTrue(SegmentationMaskDetector.hasMaskEncoding(mask));
        assertFalse(SegmentationMaskDetector.hasMaskEncoding(photo));
    }

    @Test
    void distinctColoursCountsExactlyUpToTheLimit() {
        byte[] px = new byte[3 * 4];
        px[3] = 1;      // second colour
        px[6] = 1;      // same as the second
        px[11] = 9;     // third colour, last pixel
        RgbImage img = RgbImage.wrap(4, 1, px);
        assertEquals(3, SegmentationMaskDetector.distinctColours(img, 2));
        assertEquals(3, SegmentationMaskDetector.distinctColours(img, 10));
        assertEquals(2, SegmentationMaskDetector.distinctColours(img, 1));
        assertThrows(IllegalArgumentException.class, () -> SegmentationMaskDetector.distinctColours(img, 0));
    }

    private static byte[] expand(byte[] gray) {
        byte[] rgb = new byte[3 * gray.length];
        for (int i = 0; i < gray.length; i++) {
            rgb[3 * i] = gray[i];
            rgb[3 * i + 1] = gray[i];
            rgb[3 * i + 2] = gray[i];
        }
        return rgb;
    }
}
