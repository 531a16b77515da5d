package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.mask.BinaryMask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MaskPostprocessor's separable, crop-aware implementation against SAM's postprocess_masks written out
 * plainly: upsample the whole 256² map to the full input frame, crop the padding, resize to the image.
 */
class MaskPostprocessorTest {
    /** PyTorch F.interpolate(mode="bilinear", align_corners=False) of one map, evaluated point by point. */
    private static float[] interpolate(float[] in, int inH, int inW, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = Math.max(0, (y + 0.5) * inH / outH - 0.5);
            int y0 = Math.min((int) sy, inH - 1);
            int y1 = Math.min(y0 + 1, inH - 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.max(0, (x + 0.5) * inW / outW - 0.5);
                int x0 = Math.min((int) sx, inW - 1);
                int x1 = Math.min(x0 + 1, inW - 1);
                double fx = sx - x0;
                double top = in[y0 * inW + x0] * (1 - fx) + in[y0 * inW + x1] * fx;
                double bottom = in[y1 * inW + x0] * (1 - fx) + in[y1 * inW + x1] * fx;
                out[y * outW + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static float[] reference(float[] lowRes, ResizeGeometry g) {
        int s = g.inputSize();
        float[] frame = interpolate(lowRes, 256, 256, s, s);
        float[] cropped = new float[g.resizedHeight() * g.resizedWidth()];
        for (int y = 0; y < g.resizedHeight(); y++) {
            System.arraycopy(frame, y * s, cropped, y * g.resizedWidth(), g.resizedWidth());
        }
        return interpolate(cropped, g.resizedHeight(), g.resizedWidth(), g.originalHeight(), g.originalWidth());
    }

    private static float[] randomLogits(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] m = new float[256 * 256];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (r.nextDouble() * 20 - 10);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}×{1} in a {2} frame")
    @CsvSource({"640, 480, 1024", "480, 640, 1024", "1920, 1080, 1024", "333, 517, 1024", "90, 60, 512", "300, 20, 256"})
    void matchesSamPostprocessing(int width, int height, int inputSize) {
        ResizeGeometry g = ResizeGeometry.of(height, width, inputSize);
        float[] lowRes = randomLogits(width * 31L + height);
        float[] expected = reference(lowRes, g);
        float[] actual = MaskPostprocessor.toOriginalSize(lowRes, g);
        assertEquals(expected.length, actual.length);
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > Math.abs(expected[worst] - actual[worst])) {
                worst = i;
            }
        }
        int at = worst;
        assertEquals(expected[at], actual[at], 1e-3f, () -> "largest difference at " + (at % width) + "," + (at / width));
    }

    @Test
    void maskIsTheLogitsAboveZeroAtOriginalSize() {
        // Logits positive in the top-left quarter of the padded frame; a 1920×1080 image fills the top 576 rows.
        float[] lowRes = new float[256 * 256];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                lowRes[y * 256 + x] = x < 128 && y < 128 ? 5f : -5f;
            }
        }
        ResizeGeometry g = ResizeGeometry.of(1080, 1920, 1024);
        BinaryMask m = MaskPostprocessor.maskAtOriginalSize(lowRes, g);
        assertEquals(1920, m.width());
        assertEquals(1080, m.height());
        // Frame rows 0–511 are image rows 0–959.9 (1080/576 per frame row): the quarter covers x < 960, y < 960.
        assertEquals(true, m.get(900, 900));
        assertEquals(false, m.get(1000, 900));
        assertEquals(false, m.get(900, 1000));
        long expectedArea = 960L * 960;
        assertEquals(expectedArea, m.area(), expectedArea * 0.01);
    }

    /** Smooth logits with a positive blob, so the threshold crosses many pixels at many sub-pixel positions. */
    private static float[] blobLogits(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double cx = 40 + r.nextDouble() * 170;
        double cy = 40 + r.nextDouble() * 170;
        double radius = 20 + r.nextDouble() * 60;
        float[] m = new float[256 * 256];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                m[y * 256 + x] = (float) (radius - Math.hypot(x - cx, y - cy) + (r.nextDouble() - 0.5) * 3);
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}×{1} in a {2} frame, stretched={3}")
    @CsvSource({"640, 480, 1024, false", "480, 640, 1024, false", "1920, 1080, 1024, false", "333, 517, 1024, false",
            "4033, 3025, 1024, false", "1001, 7, 1024, false", "1, 1, 1024, false", "1024, 1024, 1024, false",
            "90, 61, 512, false", "2047, 1023, 1024, true", "517, 333, 1024, true"})
    void rowWiseMaskIsExactlyTheThresholdedFloatPlane(int width, int height, int inputSize, boolean stretched) {
        ResizeGeometry g = stretched ? ResizeGeometry.stretched(height, width, inputSize)
                : ResizeGeometry.of(height, width, inputSize);
        for (long seed = 0; seed < 3; seed++) {
            float[] lowRes = seed == 0 ? randomLogits(width * 31L + height) : blobLogits(seed * 7919 + width);
            BinaryMask expected = BinaryMask.fromLogits(width, height, MaskPostprocessor.toOriginalSize(lowRes, g));
            BinaryMask actual = MaskPostprocessor.maskAtOriginalSize(lowRes, g);
            assertEquals(expected, actual, "seed " + seed + ": the row-wise mask differs from the float plane's");
        }
    }

    @Test
    void rowsInAnyOrderAndWindowAreTheFloatPlanesValues() {
        ResizeGeometry g = ResizeGeometry.of(777, 1301, 1024);
        float[] lowRes = randomLogits(5);
        float[] plane = MaskPostprocessor.toOriginalSize(lowRes, g);
        OriginalSizeRows rows = new OriginalSizeRows(lowRes, g);
        float[] out = new float[1301];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            int y = r.nextInt(777);
            int x0 = r.nextInt(1301);
            int x1 = x0 + r.nextInt(1301 - x0 + 1);
            rows.row(y, x0, x1, out);
            for (int x = x0; x < x1; x++) {
                assertEquals(Float.floatToIntBits(plane[y * 1301 + x]), Float.floatToIntBits(out[x - x0]),
                        "value at " + x + "," + y);
            }
        }
    }
}
