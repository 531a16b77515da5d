package dev.findling.models.image;

import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static dev.findling.models.testing.TestImages.BLUE;
import static dev.findling.models.testing.TestImages.GREEN;
import static dev.findling.models.testing.TestImages.RED;
import static dev.findling.models.testing.TestImages.WHITE;
import static dev.findling.models.testing.TestImages.close;
import static dev.findling.models.testing.TestImages.rgbAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
    private static final int W = 40;
    private static final int H = 24;

    private static void assertQuadrants(RgbImage image, int tolerance) {
        assertEquals(W, image.width());
        assertEquals(H, image.height());
        // Sample away from the quadrant borders, where lossy codecs blur.
        int[][] probes = {{5, 4, RED}, {W - 6, 4, GREEN}, {5, H - 5, BLUE}, {W - 6, H - 5, WHITE}};
        for (int[] p : probes) {
            int actual = rgbAt(image, p[0], p[1]);
            assertTrue(close(actual, p[2], tolerance), String.format("pixel (%d,%d) is %06X but expected about %06X",
                    p[0], p[1], actual, p[2]));
        }
    }

    @Test
    void decodesLosslessFormatsExactly() {
        BufferedImage source = TestImages.quadrants(W, H, BufferedImage.TYPE_INT_RGB);
        for (String format : new String[] {"png", "bmp", "gif"}) {
            byte[] bytes = TestImages.encode(source, format);
            RgbImage image = ImageDecoder.read(bytes, ImageLimits.DEFAULT);
            assertQuadrants(image, 0);
            assertEquals(format.toUpperCase(java.util.Locale.ROOT), ImageDecoder.probe(bytes).format());
        }
    }

    @Test
    void decodesJpegWithinCompressionError() {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(W, H, BufferedImage.TYPE_INT_RGB), 0.95f);
        assertQuadrants(ImageDecoder.read(jpeg, ImageLimits.DEFAULT), 12);
        assertEquals(new ImageHeader("JPEG", W, H), ImageDecoder.probe(jpeg));
    }

    @Test
    void decodesGrayAndAlphaPngs() {
        BufferedImage gray = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 0, 0, 200);
        RgbImage fromGray = ImageDecoder.read(TestImages.encode(gray, "png"), ImageLimits.DEFAULT);
        // Gray values are taken as they are (sRGB-encoded), not brightened by a linear-gray conversion.
        assertEquals(0xC8C8C8, rgbAt(fromGray, 1, 0));
        assertEquals(0x000000, rgbAt(fromGray, 0, 0));

        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0xFF102030);
        rgba.setRGB(1, 0, 0x00000000);
        RgbImage fromRgba = ImageDecoder.read(TestImages.encode(rgba, "png"), ImageLimits.DEFAULT);
        assertEquals(0x102030, rgbAt(fromRgba, 0, 0));
        assertEquals(0xFFFFFF, rgbAt(fromRgba, 1, 0), "transparent pixels are composited over white");
    }

    @Test
    void sixteenBitGrayIsScaledToEightBits() {
        BufferedImage deep = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        deep.getRaster().setSample(1, 0, 0, 32896); // 128 · 257
        RgbImage image = ImageDecoder.read(TestImages.encode(deep, "png"), ImageLimits.DEFAULT);
        assertEquals(0xFFFFFF, rgbAt(image, 0, 0));
        assertEquals(0x808080, rgbAt(image, 1, 0));
        assertEquals(0x000000, rgbAt(image, 2, 0));
    }

    @Test
    void decodesHandWrittenLosslessWebp() {
        boolean[][] pattern = new boolean[6][9];
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                pattern[y][x] = x >= 5 && y < 3;
            }
        }
        byte[] webp = TestImages.losslessWebp(pattern, 0x336699, 0xCC2211);
        assertEquals(new ImageHeader("WebP", 9, 6), ImageDecoder.probe(webp));
        RgbImage image = ImageDecoder.read(webp, ImageLimits.DEFAULT);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                assertEquals(pattern[y][x] ? 0xCC2211 : 0x336699, rgbAt(image, x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void decodesAdobeCmykJpegToRgb() {
        int[] cyanInk = {255, 0, 0, 0};
        int[] yellowInk = {0, 0, 255, 0};
        byte[] jpeg = TestImages.cmykJpeg(32, 16, cyanInk, yellowInk);
        RgbImage image = ImageDecoder.read(jpeg, ImageLimits.DEFAULT);
        assertEquals(32, image.width());
        int left = rgbAt(image, 4, 8);
        int right = rgbAt(image, 27, 8);
        // Cyan ink: little red, much green and blue; yellow ink: much red and green, little blue.
        assertTrue(((left >> 16) & 0xFF) < 80 && ((left >> 8) & 0xFF) > 150 && (left & 0xFF) > 150,
                String.format("cyan area decoded as %06X", left));
        assertTrue(((right >> 16) & 0xFF) > 200 && ((right >> 8) & 0xFF) > 200 && (right & 0xFF) < 80,
                String.format("yellow area decoded as %06X", right));
    }

    @Test
    void exifOrientationSixRotatesClockwise() {
        byte[] plain = TestImages.jpeg(TestImages.quadrants(W, H, BufferedImage.TYPE_INT_RGB), 0.95f);
        byte[] rotated = TestImages.withExifOrientation(plain, 6);
        assertEquals(new ImageHeader("JPEG", H, W), ImageDecoder.probe(rotated));
        RgbImage image = ImageDecoder.read(rotated, ImageLimits.DEFAULT);
        assertEquals(H, image.width());
        assertEquals(W, image.height());
        // Turning the picture 90° clockwise moves the stored top-left (red) to the top-right,
        // top-right (green) to bottom-right, bottom-left (blue) to top-left, white to bottom-left.
        assertTrue(close(rgbAt(image, H - 5, 5), RED, 12), "top-right should be red");
        assertTrue(close(rgbAt(image, H - 5, W - 6), GREEN, 12), "bottom-right should be green");
        assertTrue(close(rgbAt(image, 4, 5), BLUE, 12), "top-left should be blue");
        assertTrue(close(rgbAt(image, 4, W - 6), WHITE, 12), "bottom-left should be white");
    }

    @Test
    void everyOrientationMatchesItsDefinition() {
        // A 3×2 image with distinct pixels, transformed by each orientation and compared with
        // the EXIF definition of where the stored row 0 / column 0 end up.
        int w = 3;
        int h = 2;
        byte[] src = new byte[w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) i;
        }
        // Expected displayed rows for each orientation (values are stored indices y*3+x).
        byte[][] expected = {
                null,
                {0, 1, 2, 3, 4, 5},        // 1: as stored
                {2, 1, 0, 5, 4, 3},        // 2: mirrored left-right
                {5, 4, 3, 2, 1, 0},        // 3: rotated 180°
                {3, 4, 5, 0, 1, 2},        // 4: mirrored top-bottom
                {0, 3, 1, 4, 2, 5},        // 5: transposed (2 wide, 3 tall)
                {3, 0, 4, 1, 5, 2},        // 6: rotated 90° clockwise
                {5, 2, 4, 1, 3, 0},        // 7: transversed
                {2, 5, 1, 4, 0, 3},        // 8: rotated 90° counter-clockwise
        };
        for (int o = 1; o <= 8; o++) {
            byte[] out = ExifOrientation.apply(src, w, h, 1, o);
            assertEquals(Arrays.toString(expected[o]), Arrays.toString(out), "orientation " + o);
        }
    }

    @Test
    void hugeHeaderIsRejectedBeforeDecoding() {
        byte[] tiny = TestImages.pngHeaderOnly(60000, 60000);
        assertTrue(tiny.length < 64);
        assertEquals(new ImageHeader("PNG", 60000, 60000), ImageDecoder.probe(tiny));
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read(tiny, ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("60000×60000"), e.getMessage());
    }

    @Test
    void byteLimitIsCheckedFirst() {
        byte[] png = TestImages.encode(TestImages.quadrants(W, H, BufferedImage.TYPE_INT_RGB), "png");
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read(png, new ImageLimits(1_000_000, 10)));
        assertEquals(ImageDecodeException.Reason.TOO_MANY_BYTES, e.reason());
    }

    @Test
    void truncatedJpegIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(200, 120, BufferedImage.TYPE_INT_RGB), 0.9f);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(cut, ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.CORRUPT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("corrupt JPEG image"), e.getMessage());
    }

    @Test
    void truncatedPngIsCorrupt() {
        BufferedImage noisy = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                noisy.setRGB(x, y, random.nextInt());
            }
        }
        byte[] png = TestImages.encode(noisy, "png");
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(cut, ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.CORRUPT, e.reason(), e.getMessage());
    }

    @Test
    void damagedFilesDecodeOrFailAsCorruptNeverOtherwise() {
        BufferedImage source = TestImages.quadrants(W, H, BufferedImage.TYPE_INT_RGB);
        boolean[][] pattern = new boolean[8][8];
        pattern[2][3] = true;
        byte[][] originals = {
                TestImages.jpeg(source, 0.9f), TestImages.encode(source, "png"), TestImages.encode(source, "gif"),
                TestImages.encode(source, "bmp"), TestImages.losslessWebp(pattern, 0x102030, 0xF0E0D0)};
        Random random = new Random(11);
        for (byte[] original : originals) {
            for (int trial = 0; trial < 25; trial++) {
                byte[] damaged = original.clone();
                // Keep the signature so the right reader sees the damage.
                for (int flips = 0; flips < 1 + random.nextInt(8); flips++) {
                    int at = 12 + random.nextInt(damaged.length - 12);
                    damaged[at] = (byte) random.nextInt(256);
                }
                try {
                    // A small pixel limit: damage to a size field must not turn the test into a 100 MP decode.
                    RgbImage image = ImageDecoder.read(damaged, new ImageLimits(100_000, 1_000_000));
                    assertTrue(image.pixelCount() > 0);
                } catch (ImageDecodeException e) {
                    assertTrue(e.reason() == ImageDecodeException.Reason.CORRUPT
                            || e.reason() == ImageDecodeException.Reason.TOO_MANY_PIXELS, e.getMessage());
                }
            }
        }
    }

    @Test
    void randomBytesAreNotAnImage() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(noise, ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().contains("unrecognised binary data"), e.getMessage());
    }

    @Test
    void namesWhatANonImageIs() {
        ImageDecodeException pdf = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read("%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), ImageLimits.DEFAULT));
        assertTrue(pdf.getMessage().contains("a PDF document"), pdf.getMessage());
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        ImageDecodeException heif = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(heic, ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, heif.reason());
        assertTrue(heif.getMessage().contains("HEIC"), heif.getMessage());
        ImageDecodeException text = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read("BMW is a car brand, not a bitmap".getBytes(java.nio.charset.StandardCharsets.US_ASCII), ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, text.reason());
        assertTrue(text.getMessage().contains("plain text"), text.getMessage());
        ImageDecodeException empty = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(new byte[0], ImageLimits.DEFAULT));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void readsAndProbesFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("photo.jpg");
        Files.write(file, TestImages.withExifOrientation(
                TestImages.jpeg(TestImages.quadrants(W, H, BufferedImage.TYPE_INT_RGB), 0.9f), 8));
        assertEquals(new ImageHeader("JPEG", H, W), ImageDecoder.probe(file));
        RgbImage image = ImageDecoder.read(file, ImageLimits.DEFAULT);
        assertEquals(H, image.width());
        // 90° counter-clockwise: stored top-right (green) ends at the top-left.
        assertTrue(close(rgbAt(image, 4, 5), GREEN, 12));
        assertThrows(java.io.UncheckedIOException.class, () -> ImageDecoder.read(dir.resolve("missing.png"), ImageLimits.DEFAULT));
    }

    @Test
    void webpStillDecodesAfterItsReaderWasDeregistered() {
        // What a fat jar looks like when ImageIO scanned before the nested jars were visible.
        javax.imageio.spi.IIORegistry registry = javax.imageio.spi.IIORegistry.getDefaultInstance();
        var spi = registry.getServiceProviderByClass(com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi.class);
        if (spi != null) {
            registry.deregisterServiceProvider(spi, javax.imageio.spi.ImageReaderSpi.class);
        }
        byte[] webp = TestImages.losslessWebp(new boolean[][] {{true, false}}, 0x000000, 0xFFFFFF);
        assertEquals(0xFFFFFF, rgbAt(ImageDecoder.read(webp, ImageLimits.DEFAULT), 0, 0));
    }

    @Test
    void twelveMonkeysReadersAreRegistered() {
        assertTrue(ImagePlugins.canRead("webp"));
        assertTrue(ImagePlugins.reader("jpeg").getClass().getName().startsWith("com.twelvemonkeys"),
                "the CMYK-capable JPEG reader must come first");
    }
}
