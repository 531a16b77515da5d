package dev.findling.models.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Small previews for galleries. Downscaling averages every source pixel a target pixel covers
 * (exact area weights, separable), which is what keeps fine texture from turning into moiré —
 * nearest-neighbour or plain bilinear sampling skips most source pixels at 12 MP → 256.
 */
public final class Thumbnails {
    private Thumbnails() {
    }

    /**
     * The image scaled so its longer side is {@code longestSide}, keeping the aspect ratio (each
     * side at least 1 pixel). Images already that small are returned unchanged: never upscaled.
     */
    public static RgbImage fit(RgbImage image, int longestSide) {
        if (longestSide <= 0) {
            throw new IllegalArgumentException("thumbnail size must be positive but is " + longestSide);
        }
        int w = image.width();
        int h = image.height();
        if (Math.max(w, h) <= longestSide) {
            return image;
        }
        double scale = longestSide / (double) Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        return resizeArea(image, tw, th);
    }

    /** Area-average resampling to exactly {@code tw × th} (meant for shrinking). */
    public static RgbImage resizeArea(RgbImage image, int tw, int th) {
        int w = image.width();
        int h = image.height();
        byte[] src = image.copyPixels();
        Weights xs = Weights.of(w, tw);
        Weights ys = Weights.of(h, th);
        // Horizontal pass: h rows × tw columns, float accumulators.
        float[] rows = new float[h * tw * 3];
        for (int y = 0; y < h; y++) {
            int srow = y * w * 3;
            int orow = y * tw * 3;
            for (int tx = 0; tx < tw; tx++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = xs.start[tx]; k < xs.start[tx + 1]; k++) {
                    int s = srow + 3 * xs.index[k];
                    float wt = xs.weight[k];
                    r += (src[s] & 0xFF) * wt;
                    g += (src[s + 1] & 0xFF) * wt;
                    b += (src[s + 2] & 0xFF) * wt;
                }
                rows[orow + 3 * tx] = r;
                rows[orow + 3 * tx + 1] = g;
                rows[orow + 3 * tx + 2] = b;
            }
        }
        byte[] out = new byte[tw * th * 3];
        float[] acc = new float[tw * 3];
        for (int ty = 0; ty < th; ty++) {
            java.util.Arrays.fill(acc, 0f);
            for (int k = ys.start[ty]; k < ys.start[ty + 1]; k++) {
                int row = ys.index[k] * tw * 3;
                float wt = ys.weight[k];
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += rows[row + i] * wt;
                }
            }
            int o = ty * tw * 3;
            for (int i = 0; i < acc.length; i++) {
                out[o + i] = (byte) Math.min(255, Math.max(0, Math.round(acc[i])));
            }
        }
        return RgbImage.wrap(tw, th, out);
    }

    /** Baseline JPEG at {@code quality} (0–1), for thumbnails sent to browsers. */
    public static byte[] jpeg(RgbImage image, float quality) {
        ImagePlugins.ensureRegistered();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image.toBufferedImage(), null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** For each target index, the source indices it covers and their normalised coverage. */
    private record Weights(int[] start, int[] index, float[] weight) {
        static Weights of(int srcLength, int dstLength) {
            double scale = srcLength / (double) dstLength;
            int[] start = new int[dstLength + 1];
            int capacity = dstLength * ((int) Math.ceil(scale) + 2);
            int[] index = new int[capacity];
            float[] weight = new float[capacity];
            int n = 0;
            for (int t = 0; t < dstLength; t++) {
                start[t] = n;
                double lo = t * scale;
                double hi = Math.min(srcLength, (t + 1) * scale);
                if (scale <= 1) {
                    // Enlarging along this axis: nearest source pixel.
                    index[n] = Math.min(srcLength - 1, (int) ((t + 0.5) * scale));
                    weight[n++] = 1f;
                    continue;
                }
                for (int s = (int) Math.floor(lo); s < hi; s++) {
                    double cover = Math.min(hi, s + 1) - Math.max(lo, s);
                    if (cover > 1e-9) {
                        index[n] = s;
                        weight[n++] = (float) (cover / (hi - lo));
                    }
                }
            }
            start[dstLength] = n;
            return new Weights(start, index, weight);
        }
    }
}
