package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginalSizeLogitsTest {

    @ParameterizedTest
    @CsvSource({"640,480", "480,640", "1282,1282", "300,100", "37,900", "2000,1500", "100,100"})
    void maskAndBoxAreIdenticalToTheFullPostprocessing(int w, int h) {
        ResizeGeometry g = ResizeGeometry.of(h, w, 1024);
        double sx = g.resizedWidth() / 4.0, sy = g.resizedHeight() / 4.0;
        float[][] cases = {
                TestGrids.ellipseLogits(sx * 0.4, sy * 0.5, sx * 0.2, sy * 0.3, 0.3),
                TestGrids.ellipseLogits(sx * 0.9, sy * 0.9, sx * 0.3, sy * 0.2, 1.5),
                TestGrids.ellipseLogits(sx * 0.5, sy * 0.5, 2, 1.5, 2),
        };
        for (float[] low : cases) {
            BinaryMask expected = SamPostprocessReference.mask(low, g);
            OriginalSizeLogits logits = new OriginalSizeLogits(low, g);
            assertEquals(expected.box(), logits.box());
            assertEquals(expected.isEmpty(), new OriginalSizeLogits(low, g).isEmpty());
            assertEquals(expected, logits.mask());
            float[] full = SamPostprocessReference.toOriginalSize(low, g);
            assertEquals(full[(h / 2) * w + w / 3], logits.at(w / 3, h / 2));
        }
    }

    @Test
    void allNegativeLogitsGiveNoBoxAndAnEmptyMask() {
        ResizeGeometry g = ResizeGeometry.of(480, 640, 1024);
        float[] low = new float[256 * 256];
        java.util.Arrays.fill(low, -3f);
        OriginalSizeLogits logits = new OriginalSizeLogits(low, g);
        assertTrue(logits.box().isEmpty());
        assertTrue(logits.isEmpty());
        assertTrue(logits.mask().isEmpty());
    }

    @Test
    void positivesOnlyInThePaddingAreNotAMask() {
        ResizeGeometry g = ResizeGeometry.of(200, 800, 1024); // resized 256 high: rows 64+ of the low-res frame are padding
        float[] low = new float[256 * 256];
        java.util.Arrays.fill(low, -3f);
        low[200 * 256 + 10] = 5f;
        assertTrue(new OriginalSizeLogits(low, g).box().isEmpty());
        assertTrue(new OriginalSizeLogits(low, g).isEmpty());
        assertTrue(SamPostprocessReference.mask(low, g).isEmpty());
    }
}
