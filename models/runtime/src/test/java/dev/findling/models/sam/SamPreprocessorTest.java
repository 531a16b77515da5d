package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SAM's ResizeLongestSide, normalisation and padding, checked against values worked out by hand. */
class SamPreprocessorTest {
    private static final SamPreprocessor SAM = new SamPreprocessor(Preprocessing.sam(1024));
    private static final int PLANE = 1024 * 1024;

    /** An image of one colour, except that {@code split} > 0 paints columns ≥ split in {@code right}. */
    private static RgbImage image(int width, int height, int[] left, int split, int[] right) {
        byte[] rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] c = split > 0 && x >= split ? right : left;
                int o = 3 * (y * width + x);
                rgb[o] = (byte) c[0];
                rgb[o + 1] = (byte) c[1];
                rgb[o + 2] = (byte) c[2];
            }
        }
        return RgbImage.wrap(width, height, rgb);
    }

    private static float at(SamPreprocessor.Prepared p, int c, int x, int y) {
        return p.tensor().get(c * PLANE + y * 1024 + x);
    }

    // (v − mean) / std for the disc colour (200, 40, 40) with SAM's statistics.
    private static final float R200 = (200 - 123.675f) / 58.395f;   //  1.30704...
    private static final float G40 = (40 - 116.28f) / 57.12f;       // −1.33543...
    private static final float B40 = (40 - 103.53f) / 57.375f;      // −1.10728...

    @ParameterizedTest(name = "{0}×{1} → {2}×{3}")
    @CsvSource({
            // width, height, resized width, resized height
            // 1282²: scale 1024/1282 → 1024 × 1024, nothing to pad.
            "1282, 1282, 1024, 1024",
            // 1920×1080: scale 1024/1920 = 0.5333; 1080·0.5333 + 0.5 = 576.5 → 576.
            "1920, 1080, 1024, 576",
            // 500×1500: scale 1024/1500 = 0.68267; 500·0.68267 + 0.5 = 341.83 → 341.
            "500, 1500, 341, 1024"})
    void resizedSizeFollowsResizeLongestSide(int width, int height, int resizedWidth, int resizedHeight) {
        ResizeGeometry g = ResizeGeometry.of(height, width, 1024);
        assertEquals(resizedWidth, g.resizedWidth());
        assertEquals(resizedHeight, g.resizedHeight());
        assertArrayEquals(new long[]{1, 3, 1024, 1024}, SAM.shape(g));
    }

    @Test
    void coordinatesMapIntoTheInputFrameAndBack() {
        ResizeGeometry landscape = ResizeGeometry.of(1080, 1920, 1024);
        assertEquals(512f, landscape.xToInputFrame(960), 1e-3f);          // 960 · 1024/1920
        assertEquals(288f, landscape.yToInputFrame(540), 1e-3f);          // 540 · 576/1080
        assertEquals(1024f, landscape.xToInputFrame(1920), 1e-3f);
        assertEquals(960f, landscape.xToOriginal(512), 1e-3f);

        ResizeGeometry portrait = ResizeGeometry.of(1500, 500, 1024);
        assertEquals(170.5f, portrait.xToInputFrame(250), 1e-3f);         // 250 · 341/500
        assertEquals(512f, portrait.yToInputFrame(750), 1e-3f);           // 750 · 1024/1500
        assertEquals(250f, portrait.xToOriginal(170.5f), 1e-3f);

        ResizeGeometry square = ResizeGeometry.of(1282, 1282, 1024);
        assertEquals(1024f * 641 / 1282, square.xToInputFrame(641), 1e-3f);
    }

    @Test
    void landscapeImageIsNormalisedAndPaddedBelow() {
        SamPreprocessor.Prepared p = SAM.preprocess(image(1920, 1080, new int[]{200, 40, 40}, 0, null));
        assertEquals(576, p.geometry().resizedHeight());
        assertEquals(3 * PLANE, p.tensor().remaining());
        for (int[] xy : new int[][]{{0, 0}, {512, 288}, {1023, 575}}) {
            assertEquals(R200, at(p, 0, xy[0], xy[1]), 1e-4f);
            assertEquals(G40, at(p, 1, xy[0], xy[1]), 1e-4f);
            assertEquals(B40, at(p, 2, xy[0], xy[1]), 1e-4f);
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 576; y < 1024; y++) {
                for (int x = 0; x < 1024; x += 7) {
                    assertEquals(0f, at(p, c, x, y), "padding at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void portraitImageIsPaddedOnTheRight() {
        SamPreprocessor.Prepared p = SAM.preprocess(image(500, 1500, new int[]{200, 40, 40}, 0, null));
        assertEquals(341, p.geometry().resizedWidth());
        assertEquals(R200, at(p, 0, 340, 1023), 1e-4f);
        assertEquals(0f, at(p, 0, 341, 0));
        assertEquals(0f, at(p, 2, 1023, 1023));
    }

    @Test
    void squareImageFillsTheFrame() {
        SamPreprocessor.Prepared p = SAM.preprocess(image(1282, 1282, new int[]{200, 40, 40}, 641, new int[]{40, 70, 200}));
        // Left half red, right half blue; away from the seam every value is the pure colour.
        assertEquals(R200, at(p, 0, 100, 1023), 1e-4f);
        assertEquals((40 - 123.675f) / 58.395f, at(p, 0, 923, 0), 1e-4f);
        assertEquals((200 - 103.53f) / 57.375f, at(p, 2, 1023, 1023), 1e-4f);
        // At the seam (x = 512 in the frame is input x ≈ 641) the antialiased filter mixes both colours.
        float seam = at(p, 0, 512, 500);
        float red = R200;
        float blue = (40 - 123.675f) / 58.395f;
        assertEquals(true, seam < red && seam > blue, "seam value " + seam);
    }

    @Test
    void efficientVitStatisticsOnUnitValuesGiveTheSameTensorAtItsSize() {
        SamPreprocessor evit = new SamPreprocessor(Preprocessing.efficientVitSam(512));
        SamPreprocessor.Prepared p = evit.preprocess(image(1920, 1080, new int[]{200, 40, 40}, 0, null));
        assertArrayEquals(new long[]{1, 3, 512, 512}, p.shape());
        assertEquals(288, p.geometry().resizedHeight());
        assertEquals(R200, p.tensor().get(0), 1e-4f);
        assertEquals(G40, p.tensor().get(512 * 512), 1e-4f);
        assertEquals(0f, p.tensor().get(300 * 512));
    }

    @Test
    void normalisedInGraphVariantGivesTheRawResizedImage() {
        Preprocessing inGraph = new Preprocessing(1024, Preprocessing.LONGEST_SIDE_PAD, 1f,
                Preprocessing.SAM_PIXEL_MEAN, Preprocessing.SAM_PIXEL_STD, true);
        SamPreprocessor.Prepared p = new SamPreprocessor(inGraph).preprocess(image(1920, 1080, new int[]{200, 40, 40}, 0, null));
        assertArrayEquals(new long[]{576, 1024, 3}, p.shape());
        assertEquals(576 * 1024 * 3, p.tensor().remaining());
        assertEquals(200f, p.tensor().get(0), 1e-3f);
        assertEquals(40f, p.tensor().get(1), 1e-3f);
        assertEquals(40f, p.tensor().get(3 * (575 * 1024 + 1023) + 2), 1e-3f);
    }

    @Test
    void reusedBufferIsFullyOverwritten() {
        FloatBuffer buffer = SamPreprocessor.allocate(3 * PLANE);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, 99f);
        }
        SamPreprocessor.Prepared p = SAM.preprocess(image(1920, 1080, new int[]{200, 40, 40}, 0, null), buffer);
        assertEquals(0f, at(p, 2, 1023, 1023));
        assertEquals(0f, at(p, 0, 0, 576));
        assertEquals(R200, at(p, 0, 0, 0), 1e-4f);
        assertThrows(IllegalArgumentException.class,
                () -> SAM.preprocess(image(10, 10, new int[]{1, 2, 3}, 0, null), SamPreprocessor.allocate(10)));
    }

    @Test
    void smallImagesAreUpsampled() {
        SamPreprocessor.Prepared p = SAM.preprocess(image(64, 32, new int[]{200, 40, 40}, 32, new int[]{40, 70, 200}));
        assertEquals(512, p.geometry().resizedHeight());
        assertEquals(R200, at(p, 0, 0, 0), 1e-4f);
        assertEquals((200 - 103.53f) / 57.375f, at(p, 2, 1023, 511), 1e-4f);
        assertEquals(0f, at(p, 0, 0, 512));
    }

    @Test
    void aReducedCopyKeepsThePhotosGeometryAndIsResampledFromItsOwnPixels() {
        // A 4400×3000 photo seen through a 2200×1500 copy: two colours split at a quarter of the width.
        int[] disc = {200, 40, 40};
        int[] other = {40, 70, 200};
        RgbImage copyPixels = image(2200, 1500, disc, 550, other);
        RgbImage copy = RgbImage.wrapReduced(2200, 1500, copyPixels.copyPixels(), 4400, 3000);
        ResizeGeometry g = SAM.geometry(copy);
        assertEquals(ResizeGeometry.of(3000, 4400, 1024), g);
        assertArrayEquals(new long[]{1, 3, 1024, 1024}, SAM.shape(copy));
        SamPreprocessor.Prepared p = SAM.preprocess(copy);
        assertEquals(g, p.geometry());
        assertEquals(R200, at(p, 0, 100, 300), 1e-5f);       // left of the split (column 256 in the frame)
        assertEquals((40 - 123.675f) / 58.395f, at(p, 0, 600, 300), 1e-5f);
        assertEquals(0f, at(p, 0, 100, g.resizedHeight()), 0f); // padding below the resized photo

        // A graph that resizes itself is given the copy's pixels at the copy's size.
        SamPreprocessor stretch = new SamPreprocessor(Preprocessing.efficientSam());
        assertEquals(ResizeGeometry.stretched(3000, 4400, stretch.inputSize()), stretch.geometry(copy));
        assertArrayEquals(new long[]{1, 3, 1500, 2200}, stretch.shape(copy));
        assertEquals(3 * 1500 * 2200, stretch.preprocess(copy).tensor().remaining());
    }
}
