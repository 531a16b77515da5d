package dev.findling.models.image;

import dev.findling.models.geometry.ReducedCopies;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import static dev.findling.models.testing.TestImages.BLUE;
import static dev.findling.models.testing.TestImages.GREEN;
import static dev.findling.models.testing.TestImages.RED;
import static dev.findling.models.testing.TestImages.WHITE;
import static dev.findling.models.testing.TestImages.close;
import static dev.findling.models.testing.TestImages.rgbAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding for the models at {@link WorkingResolution}: a tiny model input side (16 px) stands in for SAM's 1024, so
 * the rule's thresholds are crossed by images of a few hundred pixels.
 */
class SubsampledDecodeTest {
    private static final WorkingResolution SIXTEEN = new WorkingResolution(16);

    private static void assertQuadrantsAt(RgbImage image, int tolerance) {
        int w = image.width();
        int h = image.height();
        int[][] probes = {{1, 1, RED}, {w - 2, 1, GREEN}, {1, h - 2, BLUE}, {w - 2, h - 2, WHITE}};
        for (int[] p : probes) {
            int actual = rgbAt(image, p[0], p[1]);
            assertTrue(close(actual, p[2], tolerance), String.format("pixel (%d,%d) of the %d×%d copy is %06X, expected about %06X",
                    p[0], p[1], w, h, actual, p[2]));
        }
    }

    @Test
    void theRuleReducesOnlyFromFourTimesTheInputSide() {
        WorkingResolution sam = WorkingResolution.SAM;
        assertEquals(1, sam.subsampling(4095, 3000));
        assertEquals(1, sam.subsampling(1920, 1080));
        assertEquals(2, sam.subsampling(4096, 3072));
        assertEquals(2, sam.subsampling(3072, 4096));
        assertEquals(4, sam.subsampling(9000, 9000));   // 81 MP → 2250², still more than twice the 1024 frame
        assertEquals(2, sam.subsampling(6143, 100));
        assertEquals(3, sam.subsampling(6144, 100));
    }

    @Test
    void everyFormatIsReducedToTheSizeTheRuleGivesAndKeepsTheSourceSize() {
        BufferedImage source = TestImages.quadrants(200, 120, BufferedImage.TYPE_INT_RGB);
        // longest 200 ≥ 4·16, k = ⌊200 / 32⌋ = 6 → ⌈200/6⌉ × ⌈120/6⌉ = 34 × 20
        byte[][] files = {TestImages.encode(source, "png"), TestImages.encode(source, "bmp"),
                TestImages.encode(source, "gif"), TestImages.jpeg(source, 0.95f)};
        for (byte[] file : files) {
            RgbImage image = ImageDecoder.read(file, ImageLimits.DEFAULT, SIXTEEN);
            String format = ImageDecoder.probe(file).format();
            assertEquals(34, image.width(), format);
            assertEquals(20, image.height(), format);
            assertEquals(200, image.sourceWidth(), format);
            assertEquals(120, image.sourceHeight(), format);
            assertTrue(image.isReduced(), format);
            assertQuadrantsAt(image, format.equals("JPEG") ? 16 : 0);
        }
    }

    @Test
    void webpIsReducedToo() {
        boolean[][] pattern = new boolean[90][70];
        for (int y = 45; y < 90; y++) {
            Arrays.fill(pattern[y], true);
        }
        byte[] webp = TestImages.losslessWebp(pattern, 0x102030, 0xF0E0D0);
        RgbImage image = ImageDecoder.read(webp, ImageLimits.DEFAULT, SIXTEEN); // k = ⌊90/32⌋ = 2
        assertEquals(35, image.width());
        assertEquals(45, image.height());
        assertEquals(70, image.sourceWidth());
        assertEquals(90, image.sourceHeight());
        assertEquals(0x102030, rgbAt(image, 10, 5));
        assertEquals(0xF0E0D0, rgbAt(image, 10, 40));
    }

    @Test
    void belowTheThresholdEveryPixelIsDecodedExactlyAsBefore() {
        BufferedImage source = TestImages.quadrants(63, 40, BufferedImage.TYPE_INT_RGB); // 63 < 4·16
        for (byte[] file : new byte[][] {TestImages.encode(source, "png"), TestImages.jpeg(source, 0.9f)}) {
            RgbImage full = ImageDecoder.read(file, ImageLimits.DEFAULT);
            RgbImage forModels = ImageDecoder.read(file, ImageLimits.DEFAULT, SIXTEEN);
            assertFalse(forModels.isReduced());
            assertEquals(full.width(), forModels.width());
            assertEquals(full.height(), forModels.height());
            assertArrayEquals(full.copyPixels(), forModels.copyPixels());
        }
    }

    @Test
    void exifOrientationTurnsTheCopyAndItsSourceSize() {
        byte[] plain = TestImages.jpeg(TestImages.quadrants(200, 120, BufferedImage.TYPE_INT_RGB), 0.95f);
        byte[] rotated = TestImages.withExifOrientation(plain, 6);
        RgbImage image = ImageDecoder.read(rotated, ImageLimits.DEFAULT, SIXTEEN);
        assertEquals(20, image.width());
        assertEquals(34, image.height());
        assertEquals(120, image.sourceWidth());
        assertEquals(200, image.sourceHeight());
        // 90° clockwise: stored top-left (red) is now top-right, and so on round the corners.
        int w = image.width();
        int h = image.height();
        assertTrue(close(rgbAt(image, w - 2, 1), RED, 16), "top-right should be red");
        assertTrue(close(rgbAt(image, w - 2, h - 2), GREEN, 16), "bottom-right should be green");
        assertTrue(close(rgbAt(image, 1, 1), BLUE, 16), "top-left should be blue");
        assertTrue(close(rgbAt(image, 1, h - 2), WHITE, 16), "bottom-left should be white");
    }

    @Test
    void limitsApplyToThePhotosOwnSize() {
        byte[] huge = TestImages.pngHeaderOnly(60000, 60000);
        ImageDecodeException pixels = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read(huge, ImageLimits.DEFAULT, WorkingResolution.SAM));
        assertEquals(ImageDecodeException.Reason.TOO_MANY_PIXELS, pixels.reason());
        assertTrue(pixels.getMessage().contains("60000×60000"), pixels.getMessage());

        byte[] png = TestImages.encode(TestImages.quadrants(200, 120, BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(ImageDecodeException.Reason.TOO_MANY_BYTES, assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read(png, new ImageLimits(1_000_000, 10), SIXTEEN)).reason());
        // 200×120 = 24 000 pixels: over a 20 000-pixel limit although the copy would have 680.
        assertEquals(ImageDecodeException.Reason.TOO_MANY_PIXELS, assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.read(png, new ImageLimits(20_000, 1_000_000), SIXTEEN)).reason());
    }

    @Test
    void truncatedFilesAreStillCorrupt() {
        BufferedImage noisy = new BufferedImage(240, 160, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(3);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 240; x++) {
                noisy.setRGB(x, y, random.nextInt());
            }
        }
        for (byte[] file : new byte[][] {TestImages.encode(noisy, "png"), TestImages.jpeg(noisy, 0.9f)}) {
            byte[] cut = Arrays.copyOf(file, file.length / 2);
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> ImageDecoder.read(cut, ImageLimits.DEFAULT, SIXTEEN));
            assertEquals(ImageDecodeException.Reason.CORRUPT, e.reason(), e.getMessage());
        }
    }

    @Test
    void blockAveragesRoundAndCoverPartialEdgeBlocks() {
        // 5×3 gray, k = 2 → 3×2: full blocks average four values, edge blocks two or one.
        byte[] gray = {
                0, 10, 20, 30, 40,
                2, 12, 22, 32, 42,
                100, 110, (byte) 200, (byte) 210, (byte) 255};
        byte[] out = ReducedCopies.averageBlocks(gray, 5, 3, 1, 2);
        assertArrayEquals(new byte[] {6, 26, 41, 105, (byte) 205, (byte) 255}, out);
    }

    @Test
    void aMaskIsSampledUnderEachReducedPixelsCentre() {
        byte[] bits = new byte[8 * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 4; x < 8; x++) {
                bits[y * 8 + x] = 1;
            }
        }
        BinaryMask mask = BinaryMask.wrap(8, 4, bits);
        BinaryMask small = ReducedCopies.nearest(mask, 4, 2);
        assertEquals(BinaryMask.wrap(4, 2, new byte[] {0, 0, 1, 1, 0, 0, 1, 1}), small);
        assertTrue(ReducedCopies.nearest(mask, 8, 4) == mask);
    }

    @Test
    void previewsOfAReducedCopyAreDrawnAtItsSizeFromThePhotoSizeMask() {
        byte[] png = TestImages.encode(TestImages.quadrants(200, 120, BufferedImage.TYPE_INT_RGB), "png");
        RgbImage copy = ImageDecoder.read(png, ImageLimits.DEFAULT, SIXTEEN);
        byte[] bits = new byte[200 * 120];
        for (int y = 0; y < 60; y++) {
            Arrays.fill(bits, y * 200, y * 200 + 100, (byte) 1);
        }
        BinaryMask photoMask = BinaryMask.wrap(200, 120, bits);
        RgbImage overlay = Cutouts.overlay(copy, photoMask, 0x00FF00);
        assertEquals(34, overlay.width());
        assertEquals(20, overlay.height());
        RgbImage cutout = ImageDecoder.read(Cutouts.rgbaPng(copy, photoMask), ImageLimits.DEFAULT);
        assertEquals(34, cutout.width());
        assertEquals(RED, rgbAt(cutout, 2, 2));
        assertEquals(0xFFFFFF, rgbAt(cutout, 30, 18)); // transparent, composited over white when read back
        assertThrows(IllegalArgumentException.class, () -> Cutouts.overlay(copy, BinaryMask.empty(100, 60), 0));
    }
}
