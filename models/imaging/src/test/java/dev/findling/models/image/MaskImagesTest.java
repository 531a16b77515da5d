package dev.findling.models.image;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskImagesTest {
    private static final int W = 7;
    private static final int H = 5;

    /** The ground truth: a 3×2 block plus one lone pixel. */
    private static boolean inside(int x, int y) {
        return (x >= 2 && x < 5 && y >= 1 && y < 3) || (x == 6 && y == 4);
    }

    private static BinaryMask truth() {
        byte[] bits = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                bits[y * W + x] = (byte) (inside(x, y) ? 1 : 0);
            }
        }
        return BinaryMask.wrap(W, H, bits);
    }

    private static BinaryMask readPng(BufferedImage image) {
        return MaskImages.read(TestImages.encode(image, "png"), ImageLimits.DEFAULT);
    }

    private static BufferedImage gray(int foreground, int background) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, inside(x, y) ? foreground : background);
            }
        }
        return img;
    }

    @Test
    void zeroOneMaskIsNotSilentlyEmpty() {
        // PerSAM's own masks: values 0/1, black in any viewer; a fixed 128 threshold selects nothing.
        assertEquals(truth(), readPng(gray(1, 0)));
    }

    @Test
    void zeroTwoFiftyFiveMask() {
        assertEquals(truth(), readPng(gray(255, 0)));
    }

    @Test
    void sixteenBitMask() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, inside(x, y) ? 65535 : 0);
            }
        }
        assertEquals(truth(), readPng(img));
    }

    @Test
    void antiAliasedGrayThresholdsAtHalfTheMaximum() {
        BufferedImage img = gray(200, 0);
        img.getRaster().setSample(0, 0, 0, 99);   // below 100: background
        img.getRaster().setSample(1, 0, 0, 101);  // above: foreground
        BinaryMask m = readPng(img);
        assertTrue(!m.get(0, 0) && m.get(1, 0));
    }

    @Test
    void paletteLabelMapUsesNonZeroIndex() {
        // VOC-style palette: 0 black background, 1 dark red object, 255 cream "void".
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        r[1] = (byte) 128;
        r[255] = (byte) 224;
        g[255] = (byte) 224;
        b[255] = (byte) 192;
        IndexColorModel palette = new IndexColorModel(8, 256, r, g, b);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, inside(x, y) ? 1 : 0);
            }
        }
        assertEquals(truth(), readPng(img));
    }

    @Test
    void grayPaletteIsReadByColourWhateverTheIndexOrder() {
        // An optimizer's black/white palette with white first: index 0 is the object.
        byte[] lut = {(byte) 255, 0};
        IndexColorModel palette = new IndexColorModel(1, 2, lut, lut, lut);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, inside(x, y) ? 0 : 1);
            }
        }
        assertEquals(truth(), readPng(img));
    }

    @Test
    void rgbaCutoutUsesAlpha() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                // Colour everywhere (as in a cut-out whose hidden pixels kept their colour): alpha decides.
                img.setRGB(x, y, (inside(x, y) ? 0xFF000000 : 0x00000000) | 0x8040C0);
            }
        }
        assertEquals(truth(), readPng(img));
    }

    @Test
    void opaqueRgbUsesNonBlackColour() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, inside(x, y) ? 0xFFFF0000 : 0xFF000000);
            }
        }
        assertEquals(truth(), readPng(img));
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                rgb.setRGB(x, y, inside(x, y) ? 0x00FF00 : 0);
            }
        }
        assertEquals(truth(), MaskImages.read(TestImages.encode(rgb, "bmp"), ImageLimits.DEFAULT));
    }

    @Test
    void allBlackMaskIsEmptyNotAnError() {
        assertTrue(readPng(gray(0, 0)).isEmpty());
    }

    @Test
    void pngRoundTripIsZeroTwoFiftyFive() throws Exception {
        byte[] png = MaskImages.toPng(truth());
        BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, back.getType());
        assertEquals(255, back.getRaster().getSample(2, 1, 0));
        assertEquals(0, back.getRaster().getSample(0, 0, 0));
        assertEquals(truth(), MaskImages.read(png, ImageLimits.DEFAULT));
    }
}
