package dev.findling.personalize;

import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocationConfidenceMapTest {

    @ParameterizedTest
    @CsvSource({"640,480,1", "480,640,2", "1282,1282,3", "300,100,4", "37,900,5", "1024,1024,6", "2000,1500,7", "64,48,8"})
    void extremaFromTheGridMatchTheMaterialisedMap(int w, int h, long seed) {
        ResizeGeometry g = ResizeGeometry.of(h, w, 1024);
        for (long s = 0; s < 3; s++) {
            LocationConfidenceMap map = LocationConfidenceMap.ofGrid(TestGrids.smoothField(seed * 100 + s), g);
            float[] full = map.atOriginalSize();
            int argmax = 0, argmin = 0;
            for (int i = 1; i < full.length; i++) {
                if (full[i] > full[argmax]) {
                    argmax = i;
                }
                if (full[i] < full[argmin]) {
                    argmin = i;
                }
            }
            var max = map.maximum();
            var min = map.minimum();
            assertEquals(full[argmax], max.value(), 1e-5, "maximum value");
            assertEquals(full[argmin], min.value(), 1e-5, "minimum value");
            // The location must be the materialised map's argmax, or a pixel whose value ties it within float rounding.
            assertEquals(full[argmax], full[max.y() * w + max.x()], 1e-5, "argmax location");
            assertEquals(full[argmin], full[min.y() * w + min.x()], 1e-5, "argmin location");
        }
    }

    @ParameterizedTest
    @CsvSource({"640,480,11", "1282,1282,12", "300,100,13", "2000,1500,14", "50,40,15"})
    void attentionEqualsTheAuthorsStandardisedResample(int w, int h, long seed) {
        ResizeGeometry g = ResizeGeometry.of(h, w, 1024);
        LocationConfidenceMap map = LocationConfidenceMap.ofGrid(TestGrids.smoothField(seed), g);
        float[] full = map.atOriginalSize();
        double sum = 0, sq = 0;
        for (float v : full) {
            sum += v;
        }
        double mean = sum / full.length;
        for (float v : full) {
            sq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sq / (full.length - 1));
        float[] expected = new float[64 * 64];
        AxisResampling ry = AxisResampling.bilinear(h, 64, 64);
        AxisResampling rx = AxisResampling.bilinear(w, 64, 64);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                double v = 0;
                for (int a = 0; a < ry.span(); a++) {
                    for (int b = 0; b < rx.span(); b++) {
                        v += ry.weight(i, a) * rx.weight(j, b) * full[(ry.start(i) + a) * w + rx.start(j) + b];
                    }
                }
                expected[i * 64 + j] = (float) (1 / (1 + Math.exp(-(v - mean) / std)));
            }
        }
        assertArrayEquals(expected, map.attnSim4096(), 1e-4f);
    }

    @Test
    void valueAtAgreesWithTheMaterialisedMap() {
        ResizeGeometry g = ResizeGeometry.of(333, 517, 1024);
        LocationConfidenceMap map = LocationConfidenceMap.ofGrid(TestGrids.smoothField(99), g);
        float[] full = map.atOriginalSize();
        for (int y = 0; y < 333; y += 17) {
            for (int x = 0; x < 517; x += 13) {
                assertEquals(full[y * 517 + x], map.valueAt(x, y), 1e-5);
            }
        }
    }

    @Test
    void cosineSimilarityOfHandMadeEmbedding() {
        ResizeGeometry g = ResizeGeometry.of(512, 512, 1024);
        boolean[] on = new boolean[4096];
        for (int y = 10; y < 20; y++) {
            for (int x = 5; x < 15; x++) {
                on[y * 64 + x] = true;
            }
        }
        float[] a = {1, 0, 0, 0, 0, 0, 0, 0};
        float[] b = {0.6f, 0.8f, 0, 0, 0, 0, 0, 0};
        var emb = TestGrids.twoVectorEmbedding(on, a, b, g, "p");
        LocationConfidenceMap map = LocationConfidenceMap.compute(emb, a);
        assertEquals(1f, map.grid()[12 * 64 + 7], 1e-6);
        assertEquals(0.6f, map.grid()[40 * 64 + 40], 1e-6);
        var max = map.maximum();
        // The peak lies on the concept's cells (grid cells 5–14 × 10–19 at 8 original pixels per cell).
        assertEquals(1f, max.value(), 1e-5);
        org.junit.jupiter.api.Assertions.assertTrue(max.x() >= 40 && max.x() < 120 && max.y() >= 80 && max.y() < 160, max.toString());
        assertThrows(IllegalArgumentException.class, () -> LocationConfidenceMap.compute(emb, new float[4]));
    }
}
