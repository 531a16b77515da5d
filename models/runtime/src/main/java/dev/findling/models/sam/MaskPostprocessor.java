package dev.findling.models.sam;

import dev.findling.models.geometry.BilinearAxis;
import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.mask.BinaryMask;

/**
 * SAM's {@code postprocess_masks}: upsample the 256×256 low-res logits to the input frame
 * (bilinear, align_corners=False), crop the zero padding away, resize to the original size
 * (bilinear, align_corners=False) and threshold at 0. Done separably so that a 12 MP image costs
 * two 1-D passes rather than a 2-D kernel per pixel.
 */
public final class MaskPostprocessor {
    private MaskPostprocessor() {
    }

    public static float[] toOriginalSize(float[] lowRes, ResizeGeometry g) {
        int side = DecoderPrompt.LOW_RES_SIDE;
        if (lowRes.length != side * side) {
            throw new IllegalArgumentException("low-res logits must be 256×256 but have " + lowRes.length + " values");
        }
        // Step 1: 256 → inputSize, only the rows/columns that survive the crop.
        float[] frame = resize(lowRes, side, side, g.inputSize(), g.inputSize(), g.resizedHeight(), g.resizedWidth());
        // Step 2: the cropped resizedH×resizedW map → original H×W.
        return resize(frame, g.resizedHeight(), g.resizedWidth(), g.originalHeight(), g.originalWidth(),
                g.originalHeight(), g.originalWidth());
    }

    /**
     * The thresholded mask at the original size, made a row at a time ({@link OriginalSizeRows}): the same pixels
     * as thresholding {@link #toOriginalSize}, with one byte per pixel and no H×W float plane.
     */
    public static BinaryMask maskAtOriginalSize(float[] lowRes, ResizeGeometry g) {
        OriginalSizeRows rows = new OriginalSizeRows(lowRes, g);
        int w = g.originalWidth();
        int h = g.originalHeight();
        byte[] bits = new byte[Math.multiplyExact(w, h)];
        float[] scratch = new float[w];
        for (int y = 0; y < h; y++) {
            rows.thresholdRow(y, 0, w, scratch, bits, y * w);
        }
        return BinaryMask.wrap(w, h, bits);
    }

    /**
     * Bilinear resize (PyTorch align_corners=False) of an inH×inW map to a virtual outH×outW map, of which only
     * the top-left keepH×keepW part is produced.
     */
    static float[] resize(float[] in, int inH, int inW, int outH, int outW, int keepH, int keepW) {
        BilinearAxis ax = BilinearAxis.of(inW, outW, keepW);
        int[] x0 = ax.lower();
        int[] x1 = ax.upper();
        float[] fx = ax.fraction();
        BilinearAxis ay = BilinearAxis.of(inH, outH, keepH);
        int[] y0 = ay.lower();
        int[] y1 = ay.upper();
        float[] fy = ay.fraction();

        // Horizontal pass over every input row, then vertical pass: each output value is touched once per pass.
        float[] rows = new float[inH * keepW];
        for (int y = 0; y < inH; y++) {
            int ri = y * inW;
            int ro = y * keepW;
            for (int x = 0; x < keepW; x++) {
                float a = in[ri + x0[x]];
                rows[ro + x] = a + (in[ri + x1[x]] - a) * fx[x];
            }
        }
        float[] out = new float[keepH * keepW];
        for (int y = 0; y < keepH; y++) {
            int r0 = y0[y] * keepW;
            int r1 = y1[y] * keepW;
            float f = fy[y];
            int o = y * keepW;
            for (int x = 0; x < keepW; x++) {
                float a = rows[r0 + x];
                out[o + x] = a + (rows[r1 + x] - a) * f;
            }
        }
        return out;
    }
}
