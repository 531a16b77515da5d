package dev.findling.models.clip;

import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.geometry.ImageResampler;
import dev.findling.models.sam.SamPreprocessor;

import java.nio.FloatBuffer;

/**
 * OpenAI CLIP's image transform ({@code clip/clip.py _transform}): bicubic resize of the shortest
 * side to the input size (torchvision's rule: the long side becomes {@code int(size · long / short)}),
 * centre crop (offsets rounded half-to-even like Python's {@code round}), values to 0–1, then CLIP's
 * mean/std, as NCHW {@code [1, 3, S, S]}. Stateless and thread-safe.
 */
public final class ClipImagePreprocessor {
    private final int size;
    private final float valueScale;
    private final float[] mean;
    private final float[] std;

    public ClipImagePreprocessor(Preprocessing p) {
        this.size = p.inputSize();
        this.valueScale = p.valueScale();
        this.mean = p.pixelMean().clone();
        this.std = p.pixelStd().clone();
    }

    public int inputSize() {
        return size;
    }

    public long[] shape() {
        return new long[]{1, 3, size, size};
    }

    /** Size after the shortest-side resize, as {width, height}. */
    static int[] resizedSize(int width, int height, int size) {
        if (width <= height) {
            return new int[]{size, (int) ((long) size * height / width)};
        }
        return new int[]{(int) ((long) size * width / height), size};
    }

    public FloatBuffer preprocess(RgbImage image) {
        int[] resized = resizedSize(image.width(), image.height(), size);
        int left = (int) Math.rint((resized[0] - size) / 2.0);
        int top = (int) Math.rint((resized[1] - size) / 2.0);
        int plane = size * size;
        FloatBuffer out = SamPreprocessor.allocate(3 * plane);
        ImageResampler.resize(image, resized[0], resized[1], left, top, size, size, ImageResampler.Filter.BICUBIC,
                (y, r, g, b) -> {
                    FloatBuffer dst = out.duplicate();
                    float[][] channels = {r, g, b};
                    for (int c = 0; c < 3; c++) {
                        float[] v = channels[c];
                        float m = mean[c];
                        float sd = std[c];
                        for (int x = 0; x < size; x++) {
                            // Pillow clamps bicubic overshoot to the 8-bit range before CLIP sees it; then
                            // torchvision's ToTensor and Normalize, in their order, so that 8-bit values give
                            // its float32 tensor bit for bit.
                            v[x] = (Math.min(255f, Math.max(0f, v[x])) / valueScale - m) / sd;
                        }
                        dst.put(c * plane + y * size, v, 0, size);
                    }
                });
        return out;
    }
}
