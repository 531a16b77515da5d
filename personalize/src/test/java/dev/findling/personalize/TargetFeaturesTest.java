package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetFeaturesTest {
    private static final float[] A = {3, 4, 0, 0, 0, 0, 0, 0};
    private static final float[] B = {0, 0, 1, 0, 0, 0, 0, 0};

    @Test
    void meanOfTheMaskedCellsIsTheTargetEmbedding() {
        // 800×600 → resized 1024×768: 12.5 original px per 16-px cell horizontally and vertically.
        ResizeGeometry g = ResizeGeometry.of(600, 800, 1024);
        BinaryMask mask = TestGrids.rect(800, 600, 100, 100, 300, 250);
        boolean[] cells = FeatureGridMask.selectedCells(mask, g);
        var emb = TestGrids.twoVectorEmbedding(cells, A, B, g, "p");
        TargetFeatures t = TargetFeatures.compute(emb, mask);
        assertArrayEquals(A, t.targetEmbedding(), 1e-6f);
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 0, 0, 0, 0}, t.targetFeatUnit(), 1e-6f);
    }

    @Test
    void gridCellsFollowTheResizeAndPadGeometry() {
        ResizeGeometry g = ResizeGeometry.of(600, 800, 1024);
        // x 100–300 → frame 128–384 → cells whose samples (16k+7, 16k+8) fall inside: 8..23; y 100–250 → frame 128–320 → 8..19.
        boolean[] cells = FeatureGridMask.selectedCells(TestGrids.rect(800, 600, 100, 100, 300, 250), g);
        int count = 0;
        for (int gy = 0; gy < 64; gy++) {
            for (int gx = 0; gx < 64; gx++) {
                boolean inside = gx >= 8 && gx <= 23 && gy >= 8 && gy <= 19;
                assertEquals(inside, cells[gy * 64 + gx], "cell " + gx + "," + gy);
                count += cells[gy * 64 + gx] ? 1 : 0;
            }
        }
        assertEquals(16 * 12, count);
    }

    @Test
    void theMaskNeverSelectsPaddingCells() {
        ResizeGeometry g = ResizeGeometry.of(300, 1200, 1024); // resized 1024×256: rows 16+ of the grid are padding
        boolean[] cells = FeatureGridMask.selectedCells(TestGrids.rect(1200, 300, 0, 0, 1200, 300), g);
        for (int gy = 0; gy < 64; gy++) {
            assertEquals(gy < 16, cells[gy * 64 + 10], "row " + gy);
        }
    }

    @Test
    void aMaskThinnerThanACellFallsBackToCoverage() {
        ResizeGeometry g = ResizeGeometry.of(1000, 1000, 1024);
        BinaryMask tiny = TestGrids.rect(1000, 1000, 500, 500, 502, 502);
        boolean[] sel = FeatureGridMask.selectedCells(tiny, g);
        for (boolean b : sel) {
            assertFalse(b);
        }
        float[] cov = FeatureGridMask.coverage(tiny, g);
        boolean[] touched = new boolean[4096];
        for (int i = 0; i < cov.length; i++) {
            touched[i] = cov[i] > 0;
        }
        var emb = TestGrids.twoVectorEmbedding(touched, A, B, g, "p");
        TargetFeatures t = TargetFeatures.compute(emb, tiny);
        assertArrayEquals(A, t.targetEmbedding(), 1e-6f);
        assertTrue(t.cellsUsed() >= 1);
    }

    @Test
    void wrongSizeAndEmptyMasksAreTypedErrors() {
        ResizeGeometry g = ResizeGeometry.of(600, 800, 1024);
        var emb = TestGrids.twoVectorEmbedding(new boolean[4096], A, B, g, "p");
        MaskSizeMismatchException e = assertThrows(MaskSizeMismatchException.class,
                () -> TargetFeatures.compute(emb, BinaryMask.empty(640, 480)));
        assertEquals("mask is 640×480 but the image is 800×600", e.getMessage());
        assertThrows(EmptyMaskException.class, () -> TargetFeatures.compute(emb, BinaryMask.empty(800, 600)));
    }
}
