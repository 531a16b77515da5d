package dev.findling.index.store;

import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PatchPoolingTest {
    /** C=2 embedding on a 64×64 grid; channel 0 is 1 everywhere, channel 1 is 1 where {@code marked}. */
    static ImageEmbedding embedding(ResizeGeometry g, int markX0, int markY0, int markX1, int markY1) {
        float[] f = new float[2 * 64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                f[y * 64 + x] = 1;
                if (x >= markX0 && x < markX1 && y >= markY0 && y < markY1) {
                    f[64 * 64 + y * 64 + x] = 3; // unnormalised on purpose
                }
            }
        }
        return new ImageEmbedding("p", 2, 64, 64, f, g);
    }

    @Test
    void squareImageGivesAFullGridOfUnitVectors() {
        ImageEmbedding e = embedding(ResizeGeometry.of(512, 512, 1024), 0, 0, 8, 8);
        List<PatchVector> patches = PatchPooling.pool(e, 8);
        assertEquals(64, patches.size());
        for (PatchVector p : patches) {
            assertEquals(1.0, VectorMath.dot(p.vector(), p.vector()), 1e-5);
        }
        // Top-left patch (cells 0..7) is entirely marked: every cell is (1,3)/√10.
        PatchVector topLeft = patches.get(0);
        assertEquals(0, topLeft.row());
        assertEquals(0, topLeft.col());
        assertEquals(3 / Math.sqrt(10), topLeft.vector()[1], 1e-5);
        assertEquals(0, patches.get(1).vector()[1], 1e-6);
    }

    @Test
    void paddingCellsAreExcludedForWideImages() {
        // 1000×100 image: resized 1024×102, so only ceil(102/16) = 7 embedding rows see pixels.
        ResizeGeometry g = ResizeGeometry.of(100, 1000, 1024);
        PatchPooling.Layout layout = PatchPooling.layout(embedding(g, 0, 0, 0, 0), 8);
        assertEquals(7, layout.coveredRows());
        assertEquals(64, layout.coveredCols());
        assertEquals(7, layout.rows(), "fewer rows than the grid when the image covers fewer cells");
        assertEquals(8, layout.cols());
        // Mark the padding rows only: no patch may see them.
        List<PatchVector> patches = PatchPooling.pool(embedding(g, 0, 7, 64, 64), 8);
        assertEquals(56, patches.size());
        for (PatchVector p : patches) {
            assertEquals(0, p.vector()[1], 1e-6);
        }
    }

    @Test
    void pooledScoreIsTheMeanCellConfidenceDirection() {
        // Half of the top-left patch marked: the pooled vector mixes (1,0) and (1,3)/√10 equally.
        ImageEmbedding e = embedding(ResizeGeometry.of(512, 512, 1024), 0, 0, 4, 8);
        float[] v = PatchPooling.pool(e, 8).get(0).vector();
        double a = 0.5 * (1 + 1 / Math.sqrt(10));
        double b = 0.5 * (3 / Math.sqrt(10));
        double n = Math.hypot(a, b);
        assertEquals(a / n, v[0], 1e-5);
        assertEquals(b / n, v[1], 1e-5);
    }
}
