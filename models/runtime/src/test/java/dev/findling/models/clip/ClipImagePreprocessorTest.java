package dev.findling.models.clip;

import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClipImagePreprocessorTest {
    private static final ClipImagePreprocessor CLIP = new ClipImagePreprocessor(Preprocessing.clip(224));

    @ParameterizedTest(name = "{0}×{1} → {2}×{3}")
    @CsvSource({
            // torchvision Resize(224): the short side becomes 224, the long side int(224 · long / short).
            "640, 480, 298, 224",
            "480, 640, 224, 298",
            "224, 224, 224, 224",
            "1000, 10, 22400, 224"})
    void shortestSideBecomesTheInputSize(int width, int height, int resizedWidth, int resizedHeight) {
        assertArrayEquals(new int[]{resizedWidth, resizedHeight}, ClipImagePreprocessor.resizedSize(width, height, 224));
    }

    /** Left part one colour, right part another, split at column {@code split}. */
    private static RgbImage split(int width, int height, int split) {
        byte[] rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = 3 * (y * width + x);
                rgb[o] = (byte) (x < split ? 255 : 0);
                rgb[o + 1] = (byte) 128;
                rgb[o + 2] = 0;
            }
        }
        return RgbImage.wrap(width, height, rgb);
    }

    @Test
    void valuesAreScaledToUnitRangeAndNormalisedWithClipStatistics() {
        FloatBuffer t = CLIP.preprocess(split(640, 480, 640));
        assertEquals(3 * 224 * 224, t.remaining());
        int plane = 224 * 224;
        assertEquals((1f - 0.48145466f) / 0.26862954f, t.get(0), 1e-4f);
        assertEquals((128 / 255f - 0.4578275f) / 0.26130258f, t.get(plane + 100 * 224 + 100), 1e-4f);
        assertEquals((0f - 0.40821073f) / 0.27577711f, t.get(2 * plane + 223 * 224 + 223), 1e-4f);
    }

    @Test
    void theCentreIsCroppedFromTheLongSide() {
        // 640×480 → 298×224, crop left = round((298 − 224) / 2) = 37. The red part ends at column 320 of the
        // original, 149 of the resized image, so crop column 149 − 37 = 112 is the seam.
        FloatBuffer t = CLIP.preprocess(split(640, 480, 320));
        float red = (1f - 0.48145466f) / 0.26862954f;
        float none = (0f - 0.48145466f) / 0.26862954f;
        assertEquals(red, t.get(50 * 224 + 100), 1e-4f);
        assertEquals(none, t.get(50 * 224 + 124), 1e-4f);
        float seam = t.get(50 * 224 + 112);
        assertEquals(true, seam < red && seam > none, "bicubic mixes across the seam: " + seam);
    }
}
