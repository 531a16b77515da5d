package dev.findling.semantic;

import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.sam.OriginalSizeRows;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridResamplerTest {
    /** A gh×gw grid that is 1 on the cells whose centre falls inside the given original-pixel box, else 0. */
    private static float[] boxGrid(int gh, int gw, ResizeGeometry g, int x0, int y0, int x1, int y1) {
        float[] grid = new float[gh * gw];
        float cell = g.inputSize() / (float) gw;
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                float ox = g.xToOriginal((x + 0.5f) * cell);
                float oy = g.yToOriginal((y + 0.5f) * cell);
                grid[y * gw + x] = ox >= x0 && ox < x1 && oy >= y0 && oy < y1 ? 1f : 0f;
            }
        }
        return grid;
    }

    @Test
    void constantGridStaysConstantAtTheOriginalSize() {
        ResizeGeometry g = ResizeGeometry.of(300, 400, 1024);
        float[] grid = new float[64 * 64];
        java.util.Arrays.fill(grid, 0.25f);
        float[] up = atOriginalSize(grid, 64, 64, g);
        assertEquals(300 * 400, up.length);
        for (float v : up) {
            assertEquals(0.25f, v, 1e-6f);
        }
    }

    @Test
    void aRegionOfTheGridLandsOnTheSameOriginalPixels() {
        ResizeGeometry g = ResizeGeometry.of(300, 400, 1024);
        float[] grid = boxGrid(64, 64, g, 100, 80, 220, 200);
        float[] up = atOriginalSize(grid, 64, 64, g);
        assertTrue(up[140 * 400 + 160] > 0.9f, "centre of the box");
        assertTrue(up[20 * 400 + 20] < 0.1f, "far outside the box");
        assertTrue(up[250 * 400 + 350] < 0.1f, "far outside the box");
        // the 0.5 level stays within about one grid cell (400/64 ≈ 6 px) of the box edge
        for (int x = 0; x < 400; x++) {
            boolean inside = up[140 * 400 + x] > 0.5f;
            if (x < 92 || x > 228) {
                assertFalse(inside, "x=" + x);
            }
            if (x > 108 && x < 212) {
                assertTrue(inside, "x=" + x);
            }
        }
    }

    @Test
    void denseFramesOfAnotherSizeMapIntoSamsLowResFrame() {
        // A composite pack: SAM at 1024, a dense CLIP at 448 with its own 28×28 grid.
        ResizeGeometry sam = ResizeGeometry.of(300, 400, 1024);
        ResizeGeometry dense = ResizeGeometry.of(300, 400, 448);
        float[] denseGrid = boxGrid(28, 28, dense, 100, 80, 220, 200);
        float[] lowRes = GridResampler.toLowResFrame(denseGrid, 28, 28, dense, sam, -1f);
        float[] direct = GridResampler.toLowResFrame(boxGrid(64, 64, sam, 100, 80, 220, 200), 64, 64, sam, sam, -1f);
        boolean[] valid = GridResampler.validLowResCells(sam);
        int inter = 0;
        int union = 0;
        for (int c = 0; c < lowRes.length; c++) {
            if (!valid[c]) {
                assertEquals(-1f, lowRes[c]);
                continue;
            }
            boolean a = lowRes[c] > 0.5f;
            boolean b = direct[c] > 0.5f;
            inter += a && b ? 1 : 0;
            union += a || b ? 1 : 0;
        }
        // the 448-px grid's cells are 2.3× coarser, so the edges may move by a cell; the regions must still coincide
        assertTrue(union > 4000, "the box covers " + union + " low-res cells");
        assertTrue(inter / (double) union > 0.9, "IoU of the two mappings " + inter / (double) union);
    }

    @Test
    void paddingCellsAreMarkedInvalid() {
        ResizeGeometry g = ResizeGeometry.of(300, 400, 1024); // resized 1024×768: bottom quarter is padding
        boolean[] valid = GridResampler.validLowResCells(g);
        assertTrue(valid[191 * 256 + 255]);
        assertFalse(valid[192 * 256]);
    }

    @Test
    void lowResCellCentresMapToOriginalPixels() {
        ResizeGeometry g = ResizeGeometry.of(300, 400, 1024);
        float[] xy = GridResampler.lowResCellToOriginal(128, 96, g);
        assertEquals(200.78f, xy[0], 0.01f);
        assertEquals(150.78f, xy[1], 0.05f);
    }

    /** Row by row through {@link OriginalSizeRows}, the same values as SAM's two-pass rule on the whole map. */
    @Test
    void aDenseGridReachesTheOriginalSizeByTheTwoPassRuleBitForBit() {
        java.util.Random random = new java.util.Random(11);
        int[][] grids = {{64, 64}, {28, 28}, {14, 20}};
        ResizeGeometry[] geometries = {ResizeGeometry.of(300, 400, 1024), ResizeGeometry.of(721, 333, 448),
                ResizeGeometry.of(1001, 7, 224)};
        for (int[] grid : grids) {
            for (ResizeGeometry g : geometries) {
                float[] values = new float[grid[0] * grid[1]];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                float[] frame = GridResampler.resize(values, grid[0], grid[1], g.inputSize(), g.inputSize(),
                        g.resizedHeight(), g.resizedWidth());
                float[] expected = GridResampler.resize(frame, g.resizedHeight(), g.resizedWidth(), g.originalHeight(),
                        g.originalWidth(), g.originalHeight(), g.originalWidth());
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, atOriginalSize(values, grid[0], grid[1], g),
                        grid[0] + "×" + grid[1] + " grid, " + g);
            }
        }
    }

    private static float[] atOriginalSize(float[] grid, int gh, int gw, ResizeGeometry g) {
        OriginalSizeRows rows = new OriginalSizeRows(grid, gh, gw, g);
        int w = g.originalWidth();
        float[] out = new float[w * g.originalHeight()];
        float[] row = new float[w];
        for (int y = 0; y < g.originalHeight(); y++) {
            rows.row(y, 0, w, row);
            System.arraycopy(row, 0, out, y * w, w);
        }
        return out;
    }
}
