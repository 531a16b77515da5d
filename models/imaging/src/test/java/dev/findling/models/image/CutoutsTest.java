package dev.findling.models.image;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CutoutsTest {
    private static RgbImage gradient(int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 3 * (y * w + x);
                rgb[o] = (byte) (x * 255 / Math.max(1, w - 1));
                rgb[o + 1] = (byte) (y * 255 / Math.max(1, h - 1));
                rgb[o + 2] = (byte) 77;
            }
        }
        return RgbImage.wrap(w, h, rgb);
    }

    private static BinaryMask box(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] bits = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                bits[y * w + x] = 1;
            }
        }
        return BinaryMask.wrap(w, h, bits);
    }

    private static BufferedImage png(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void rgbaCutoutIsOpaqueExactlyInsideTheMask() throws IOException {
        RgbImage image = gradient(20, 10);
        BinaryMask mask = box(20, 10, 5, 2, 12, 8);
        BufferedImage cut = png(Cutouts.rgbaPng(image, mask));
        assertTrue(cut.getColorModel().hasAlpha());
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                int argb = cut.getRGB(x, y);
                if (mask.get(x, y)) {
                    assertEquals(0xFF, argb >>> 24);
                    assertEquals(TestImages.rgbAt(image, x, y), argb & 0xFFFFFF);
                } else {
                    assertEquals(0, argb >>> 24);
                }
            }
        }
    }

    @Test
    void onWhiteKeepsTheObjectAndWhitensTheRest() throws IOException {
        RgbImage image = gradient(20, 10);
        BinaryMask mask = box(20, 10, 5, 2, 12, 8);
        RgbImage decoded = ImageDecoder.read(Cutouts.onWhitePng(image, mask), ImageLimits.DEFAULT);
        assertEquals(TestImages.rgbAt(image, 6, 3), TestImages.rgbAt(decoded, 6, 3));
        assertEquals(0xFFFFFF, TestImages.rgbAt(decoded, 0, 0));
    }

    @Test
    void pngWriterIsLosslessForPhotos() {
        RgbImage image = gradient(33, 17);
        RgbImage back = ImageDecoder.read(PngWriter.rgb(image), ImageLimits.DEFAULT);
        assertArrayEquals(image.copyPixels(), back.copyPixels());
    }

    @Test
    void cropTakesTheBoxPixels() {
        RgbImage image = gradient(20, 10);
        RgbImage crop = Cutouts.crop(image, new PixelBox(3, 2, 9, 7));
        assertEquals(6, crop.width());
        assertEquals(5, crop.height());
        assertEquals(TestImages.rgbAt(image, 3, 2), TestImages.rgbAt(crop, 0, 0));
        assertEquals(TestImages.rgbAt(image, 8, 6), TestImages.rgbAt(crop, 5, 4));
        BinaryMask maskCrop = Cutouts.crop(box(20, 10, 5, 2, 12, 8), new PixelBox(3, 2, 9, 7));
        assertTrue(!maskCrop.get(1, 0) && maskCrop.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Cutouts.crop(image, new PixelBox(15, 0, 21, 5)));
    }

    @Test
    void cropBoxAddsMarginMakesSquareAndStaysInside() {
        BinaryMask mask = box(100, 60, 40, 20, 60, 30);  // 20×10 object
        assertEquals(Optional.of(new PixelBox(40, 20, 60, 30)), Cutouts.cropBox(mask, 0, false));
        // 10 % of the longer side (2 px) on every side.
        assertEquals(Optional.of(new PixelBox(38, 18, 62, 32)), Cutouts.cropBox(mask, 0.1, false));
        PixelBox square = Cutouts.cropBox(mask, 0, true).orElseThrow();
        assertEquals(20, square.width());
        assertEquals(20, square.height());
        assertEquals(new PixelBox(40, 15, 60, 35), square);
        // An object in the corner: the square slides inside instead of being cut.
        PixelBox corner = Cutouts.cropBox(box(100, 60, 0, 0, 10, 4), 0.5, true).orElseThrow();
        assertEquals(new PixelBox(0, 0, 20, 20), corner);
        assertTrue(Cutouts.cropBox(BinaryMask.empty(10, 10), 0.1, true).isEmpty());
    }

    @Test
    void overlayTintsInsideOutlinesTheEdgeAndLeavesTheRest() {
        RgbImage image = gradient(30, 30);
        BinaryMask mask = box(30, 30, 5, 5, 25, 25);
        RgbImage over = Cutouts.overlay(image, mask, 0x00FF00);
        assertEquals(TestImages.rgbAt(image, 1, 1), TestImages.rgbAt(over, 1, 1), "outside untouched");
        assertEquals(0x00FF00, TestImages.rgbAt(over, 5, 15), "edge outlined");
        int inner = TestImages.rgbAt(over, 15, 15);
        int base = TestImages.rgbAt(image, 15, 15);
        assertTrue(((inner >> 8) & 0xFF) > ((base >> 8) & 0xFF), "inside tinted towards green");
        assertTrue(inner != 0x00FF00, "inside is blended, not painted over");
        assertThrows(IllegalArgumentException.class, () -> Cutouts.overlay(image, BinaryMask.empty(3, 3), 0));
    }

    @Test
    void erosionKeepsOnlyPixelsWhoseWholeNeighbourhoodIsSet() {
        BinaryMask mask = box(9, 9, 2, 2, 7, 7);
        byte[] eroded = Cutouts.erode(mask.toBytes(), 9, 9, 1);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 9; x++) {
                boolean expected = x >= 3 && x < 6 && y >= 3 && y < 6;
                assertEquals(expected ? 1 : 0, eroded[y * 9 + x], "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void thumbnailsKeepAspectAndAverageArea() {
        // Alternating black/white columns average to mid-gray instead of aliasing to one colour.
        byte[] rgb = new byte[3 * 400 * 200];
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                byte v = (byte) (x % 2 == 0 ? 0 : 255);
                int o = 3 * (y * 400 + x);
                rgb[o] = v;
                rgb[o + 1] = v;
                rgb[o + 2] = v;
            }
        }
        RgbImage stripes = RgbImage.wrap(400, 200, rgb);
        RgbImage thumb = Thumbnails.fit(stripes, 100);
        assertEquals(100, thumb.width());
        assertEquals(50, thumb.height());
        for (int x = 0; x < 100; x++) {
            assertTrue(Math.abs(thumb.channel(x, 25, 0) - 128) <= 1, "column " + x + " is " + thumb.channel(x, 25, 0));
        }
        RgbImage small = gradient(50, 20);
        assertSame(small, Thumbnails.fit(small, 100), "never upscaled");
        RgbImage odd = Thumbnails.fit(gradient(1000, 3), 64);
        assertEquals(64, odd.width());
        assertEquals(1, odd.height());
        assertTrue(Thumbnails.jpeg(thumb, 0.8f).length > 0);
    }
}
