package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.geometry.ResizeGeometry;

/**
 * A plain, unoptimised SAM {@code postprocess_masks} for tests: two full PyTorch-style bilinear
 * interpolations (align_corners=False) with the crop in between, written independently of the
 * windowed implementation it checks.
 */
final class SamPostprocessReference {
    private SamPostprocessReference() {
    }

    static float[] toOriginalSize(float[] low, ResizeGeometry g) {
        float[] frame = interpolate(low, 256, 256, g.inputSize(), g.inputSize());
        float[] cropped = new float[g.resizedHeight() * g.resizedWidth()];
        for (int y = 0; y < g.resizedHeight(); y++) {
            System.arraycopy(frame, y * g.inputSize(), cropped, y * g.resizedWidth(), g.resizedWidth());
        }
        return interpolate(cropped, g.resizedHeight(), g.resizedWidth(), g.originalHeight(), g.originalWidth());
    }

    static BinaryMask mask(float[] low, ResizeGeometry g) {
        return BinaryMask.fromLogits(g.originalWidth(), g.originalHeight(), toOriginalSize(low, g));
    }

    /** Horizontal then vertical, each value a + (b − a)·f in float as torch's CPU kernel computes it. */
    static float[] interpolate(float[] in, int inH, int inW, int outH, int outW) {
        float[] rows = new float[inH * outW];
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < outW; x++) {
                double src = Math.max(0, (x + 0.5) * inW / (double) outW - 0.5);
                int lo = Math.min((int) src, inW - 1);
                int hi = Math.min(lo + 1, inW - 1);
                float f = (float) (src - lo);
                float a = in[y * inW + lo];
                rows[y * outW + x] = a + (in[y * inW + hi] - a) * f;
            }
        }
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double src = Math.max(0, (y + 0.5) * inH / (double) outH - 0.5);
            int lo = Math.min((int) src, inH - 1);
            int hi = Math.min(lo + 1, inH - 1);
            float f = (float) (src - lo);
            for (int x = 0; x < outW; x++) {
                float a = rows[lo * outW + x];
                out[y * outW + x] = a + (rows[hi * outW + x] - a) * f;
            }
        }
        return out;
    }
}
