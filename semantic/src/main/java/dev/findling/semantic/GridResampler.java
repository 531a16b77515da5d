package dev.findling.semantic;

import dev.findling.models.geometry.BilinearAxis;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.geometry.ResizeGeometry;

/**
 * Moves per-patch maps between frames. A dense grid (h×w) covers its encoder's padded square input
 * frame exactly as SAM's 256×256 low-res masks cover SAM's frame, so a grid reaches the original size by
 * SAM's {@code postprocess_masks} rule, row by row ({@code OriginalSizeRows}); this class maps grids into
 * SAM's low-res frame.
 */
final class GridResampler {
    static final int LOW_RES = DecoderPrompt.LOW_RES_SIDE;

    private GridResampler() {
    }

    /**
     * A gh×gw grid over {@code dense}'s frame → SAM's 256×256 low-res frame of {@code sam} (the frame of
     * {@code mask_input}). Cells whose centre falls in SAM's padding get {@code paddingValue}. When both
     * frames are the same (a merged SAM-CLIP backbone) this is one bilinear resize; otherwise each cell is
     * mapped through original-image coordinates.
     */
    static float[] toLowResFrame(float[] grid, int gh, int gw, ResizeGeometry dense, ResizeGeometry sam, float paddingValue) {
        boolean[] valid = validLowResCells(sam);
        float[] out;
        if (dense.equals(sam)) {
            out = resize(grid, gh, gw, LOW_RES, LOW_RES, LOW_RES, LOW_RES);
        } else {
            out = new float[LOW_RES * LOW_RES];
            float cell = sam.inputSize() / (float) LOW_RES;
            for (int j = 0; j < LOW_RES; j++) {
                float yOriginal = sam.yToOriginal((j + 0.5f) * cell);
                float gy = dense.yToInputFrame(yOriginal) * gh / dense.inputSize() - 0.5f;
                for (int i = 0; i < LOW_RES; i++) {
                    float xOriginal = sam.xToOriginal((i + 0.5f) * cell);
                    float gx = dense.xToInputFrame(xOriginal) * gw / dense.inputSize() - 0.5f;
                    out[j * LOW_RES + i] = sample(grid, gh, gw, gx, gy);
                }
            }
        }
        for (int c = 0; c < out.length; c++) {
            if (!valid[c]) {
                out[c] = paddingValue;
            }
        }
        return out;
    }

    /** Cells of the 256×256 low-res frame whose centre lies on the image rather than the padding. */
    static boolean[] validLowResCells(ResizeGeometry sam) {
        boolean[] valid = new boolean[LOW_RES * LOW_RES];
        float cell = sam.inputSize() / (float) LOW_RES;
        for (int j = 0; j < LOW_RES; j++) {
            boolean rowValid = (j + 0.5f) * cell < sam.resizedHeight();
            for (int i = 0; i < LOW_RES; i++) {
                valid[j * LOW_RES + i] = rowValid && (i + 0.5f) * cell < sam.resizedWidth();
            }
        }
        return valid;
    }

    /** Centre of low-res cell (i, j) in original pixels (x, y). */
    static float[] lowResCellToOriginal(int i, int j, ResizeGeometry sam) {
        float cell = sam.inputSize() / (float) LOW_RES;
        float x = Math.min(sam.xToOriginal((i + 0.5f) * cell), sam.originalWidth() - 0.5f);
        float y = Math.min(sam.yToOriginal((j + 0.5f) * cell), sam.originalHeight() - 0.5f);
        return new float[]{x, y};
    }

    /** Bilinear sample at continuous grid coordinates (cell centres at integers), clamped at the border. */
    private static float sample(float[] grid, int gh, int gw, float gx, float gy) {
        gx = Math.max(0, Math.min(gw - 1, gx));
        gy = Math.max(0, Math.min(gh - 1, gy));
        int x0 = (int) gx;
        int y0 = (int) gy;
        int x1 = Math.min(x0 + 1, gw - 1);
        int y1 = Math.min(y0 + 1, gh - 1);
        float fx = gx - x0;
        float fy = gy - y0;
        float top = grid[y0 * gw + x0] + (grid[y0 * gw + x1] - grid[y0 * gw + x0]) * fx;
        float bottom = grid[y1 * gw + x0] + (grid[y1 * gw + x1] - grid[y1 * gw + x0]) * fx;
        return top + (bottom - top) * fy;
    }

    /**
     * Separable bilinear resize (PyTorch {@code interpolate(..., mode="bilinear", align_corners=False)}) of an
     * inH×inW map to a virtual outH×outW map, of which only the top-left keepH×keepW part is produced.
     */
    static float[] resize(float[] in, int inH, int inW, int outH, int outW, int keepH, int keepW) {
        BilinearAxis ax = BilinearAxis.of(inW, outW, keepW);
        BilinearAxis ay = BilinearAxis.of(inH, outH, keepH);
        float[] rows = new float[inH * keepW];
        for (int y = 0; y < inH; y++) {
            int src = y * inW;
            int dst = y * keepW;
            for (int x = 0; x < keepW; x++) {
                float a = in[src + ax.lower()[x]];
                rows[dst + x] = a + (in[src + ax.upper()[x]] - a) * ax.fraction()[x];
            }
        }
        float[] out = new float[keepH * keepW];
        for (int y = 0; y < keepH; y++) {
            int r0 = ay.lower()[y] * keepW;
            int r1 = ay.upper()[y] * keepW;
            float f = ay.fraction()[y];
            int dst = y * keepW;
            for (int x = 0; x < keepW; x++) {
                float a = rows[r0 + x];
                out[dst + x] = a + (rows[r1 + x] - a) * f;
            }
        }
        return out;
    }

    /** Source indices and weights along one axis; source positions below 0 clamp to 0 as PyTorch does. */
}
