package dev.findling.models.geometry;

import dev.findling.models.image.RgbImage;

import java.nio.ByteBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Separable, antialiased resampling of an {@link RgbImage}, following Pillow's {@code Image.resize}
 * conventions: each output pixel is a normalised weighted sum over the input pixels under a filter
 * whose support widens by the downscale factor (so a 12 MP photo reduced to 1024 px is averaged,
 * not aliased), pixel centres at +0.5. SAM's ResizeLongestSide calls torchvision's {@code resize}
 * on a PIL image, which is Pillow's antialiased {@link Filter#BILINEAR}; CLIP's {@code Resize} is
 * Pillow's {@link Filter#BICUBIC}.
 *
 * <p>One deliberate difference: Pillow rounds to 8 bits after each of its two passes, this class
 * keeps floats throughout, so values differ from Pillow's by at most about half a grey level.
 *
 * <p>Work is split into bands of output rows run on the common fork-join pool (see {@code Band} for
 * the order of the passes); finished rows go to a {@link RowSink}.
 */
public final class ImageResampler {
    /** Fewest output rows per band: each band converts the few input rows at its borders again. */
    private static final int MIN_BAND_ROWS = 32;
    /** Below this many output pixels, threading costs more than it saves. */
    private static final long PARALLEL_THRESHOLD = 1L << 17;

    private ImageResampler() {
    }

    /** The interpolation kernels, as Pillow defines them. */
    public enum Filter {
        /** Triangle kernel, support 1 (Pillow BILINEAR). Output stays within the input's range. */
        BILINEAR(1.0) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            }
        },
        /** Keys cubic with a = −0.5, support 2 (Pillow BICUBIC). Can overshoot; callers clamp. */
        BICUBIC(2.0) {
            @Override
            double weight(double x) {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
                }
                if (x < 2.0) {
                    return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
                }
                return 0.0;
            }
        };

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        abstract double weight(double x);

        /** Kernel half-width at scale 1. */
        double support() {
            return support;
        }

        /** Whether results can leave [0, 255] and need clamping. */
        public boolean overshoots() {
            return this == BICUBIC;
        }
    }

    /** Receives finished output rows. Called concurrently for different rows; must not keep the arrays. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * @param y       output row, 0-based within the requested window
         * @param r       red values on 0–255 for columns 0..width-1 of the window; the sink may overwrite them
         * @param g       green, likewise
         * @param b       blue, likewise
         */
        void row(int y, float[] r, float[] g, float[] b);
    }

    /** Filter taps for one axis: output i reads {@code count[i]} inputs from {@code first[i]}. */
    static final class Axis {
        final int[] first;
        final int[] count;
        final float[] weights;
        final int taps;

        Axis(int[] first, int[] count, float[] weights, int taps) {
            this.first = first;
            this.count = count;
            this.weights = weights;
            this.taps = taps;
        }

        /** Largest input index read, exclusive. */
        int end(int from, int to) {
            int end = 0;
            for (int i = from; i < to; i++) {
                end = Math.max(end, first[i] + count[i]);
            }
            return end;
        }
    }

    /**
     * Coefficients for resizing {@code inSize} samples to {@code outSize}, for outputs
     * {@code outFrom .. outFrom+outCount-1}.
     */
    static Axis axis(int inSize, int outSize, int outFrom, int outCount, Filter filter) {
        double scale = inSize / (double) outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outCount];
        int[] count = new int[outCount];
        float[] weights = new float[outCount * taps];
        double[] w = new double[taps];
        for (int i = 0; i < outCount; i++) {
            double center = (outFrom + i + 0.5) * scale;
            int lo = Math.max((int) (center - support + 0.5), 0);
            int hi = Math.min((int) (center + support + 0.5), inSize);
            int n = Math.min(hi - lo, taps);
            double sum = 0;
            for (int k = 0; k < n; k++) {
                w[k] = filter.weight((lo + k - center + 0.5) / filterScale);
                sum += w[k];
            }
            // Drop zero-weight taps at both ends (an exact 1:1 axis then reads one pixel, not two).
            int start = 0;
            while (start < n - 1 && w[start] == 0.0) {
                start++;
            }
            int stop = n;
            while (stop > start + 1 && w[stop - 1] == 0.0) {
                stop--;
            }
            first[i] = lo + start;
            count[i] = stop - start;
            double norm = sum == 0.0 ? 0.0 : 1.0 / sum;
            for (int k = start; k < stop; k++) {
                weights[i * taps + k - start] = (float) (w[k] * norm);
            }
        }
        return new Axis(first, count, weights, taps);
    }

    /**
     * Resizes {@code image} to {@code resizedWidth×resizedHeight} and emits the window of that result
     * starting at ({@code windowX}, {@code windowY}) of size {@code windowWidth×windowHeight}.
     */
    public static void resize(RgbImage image, int resizedWidth, int resizedHeight, int windowX, int windowY,
                              int windowWidth, int windowHeight, Filter filter, RowSink sink) {
        if (resizedWidth <= 0 || resizedHeight <= 0) {
            throw new IllegalArgumentException("target size must be positive but is " + resizedWidth + "×" + resizedHeight);
        }
        if (windowX < 0 || windowY < 0 || windowX + windowWidth > resizedWidth || windowY + windowHeight > resizedHeight
                || windowWidth <= 0 || windowHeight <= 0) {
            throw new IllegalArgumentException("window " + windowWidth + "×" + windowHeight + " at (" + windowX + ","
                    + windowY + ") does not fit in " + resizedWidth + "×" + resizedHeight);
        }
        Axis horizontal = axis(image.width(), resizedWidth, windowX, windowWidth, filter);
        Axis vertical = axis(image.height(), resizedHeight, windowY, windowHeight, filter);
        long work = (long) windowWidth * windowHeight + image.pixelCount() / 4;
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        int bands = work < PARALLEL_THRESHOLD || threads == 1 ? 1 : Math.min(windowHeight / MIN_BAND_ROWS + 1, 2 * threads);
        ByteBuffer pixels = image.pixels();
        if (bands == 1) {
            new Band(image, pixels, horizontal, vertical, windowWidth).run(0, windowHeight, sink);
            return;
        }
        int bandCount = bands;
        IntStream.range(0, bandCount).parallel().forEach(band -> {
            int from = (int) ((long) windowHeight * band / bandCount);
            int to = (int) ((long) windowHeight * (band + 1) / bandCount);
            if (from < to) {
                new Band(image, pixels.duplicate(), horizontal, vertical, windowWidth).run(from, to, sink);
            }
        });
    }

    /**
     * One thread's share of output rows. The vertical pass runs first, over interleaved RGB rows:
     * each input row is converted from bytes to floats once (kept in a ring of the last few rows, as
     * consecutive output rows share input rows) and the weighted row sums are straight float loops
     * that the JIT vectorises. The horizontal pass then works on one short row per output row. This
     * order matters for large downscales: a 12 MP photo has 3000 input rows but only 768 output rows,
     * so the per-pixel horizontal filter runs 768 times instead of 3000.
     */
    private static final class Band {
        private final ByteBuffer pixels;
        private final int imageWidth;
        private final Axis horizontal;
        private final Axis vertical;
        private final int outWidth;
        private final int inX0;
        private final int span;
        private final byte[] bytes;
        private final float[][] ring;
        private final int[] ringRow;
        private final float[] acc;
        private final float[] outR;
        private final float[] outG;
        private final float[] outB;

        Band(RgbImage image, ByteBuffer pixels, Axis horizontal, Axis vertical, int outWidth) {
            this.pixels = pixels;
            this.imageWidth = image.width();
            this.horizontal = horizontal;
            this.vertical = vertical;
            this.outWidth = outWidth;
            this.inX0 = horizontal.first[0];
            this.span = 3 * (horizontal.end(0, outWidth) - inX0);
            this.bytes = new byte[span];
            this.ring = new float[vertical.taps][span];
            this.ringRow = new int[vertical.taps];
            java.util.Arrays.fill(ringRow, -1);
            this.acc = new float[span];
            this.outR = new float[outWidth];
            this.outG = new float[outWidth];
            this.outB = new float[outWidth];
        }

        void run(int fromRow, int toRow, RowSink sink) {
            for (int y = fromRow; y < toRow; y++) {
                verticalPass(y);
                horizontalPass();
                sink.row(y, outR, outG, outB);
            }
        }

        /** Input row {@code y} (the window's columns, interleaved RGB) as floats, converted at most once. */
        private float[] inputRow(int y) {
            int slot = y % ring.length;
            float[] row = ring[slot];
            if (ringRow[slot] != y) {
                pixels.get(3 * (y * imageWidth + inX0), bytes, 0, span);
                byte[] b = bytes;
                for (int i = 0; i < span; i++) {
                    row[i] = b[i] & 0xff;
                }
                ringRow[slot] = y;
            }
            return row;
        }

        private void verticalPass(int y) {
            int first = vertical.first[y];
            int n = vertical.count[y];
            int w = y * vertical.taps;
            float[] a = acc;
            int len = span;
            float[] row = inputRow(first);
            float w0 = vertical.weights[w];
            for (int i = 0; i < len; i++) {
                a[i] = w0 * row[i];
            }
            for (int k = 1; k < n; k++) {
                row = inputRow(first + k);
                float wk = vertical.weights[w + k];
                for (int i = 0; i < len; i++) {
                    a[i] += wk * row[i];
                }
            }
        }

        private void horizontalPass() {
            int[] first = horizontal.first;
            int[] count = horizontal.count;
            float[] weights = horizontal.weights;
            int taps = horizontal.taps;
            float[] a = acc;
            for (int x = 0; x < outWidth; x++) {
                int p = 3 * (first[x] - inX0);
                int w = x * taps;
                int n = count[x];
                float r = 0f;
                float g = 0f;
                float b = 0f;
                for (int k = 0; k < n; k++) {
                    float wk = weights[w + k];
                    r += wk * a[p];
                    g += wk * a[p + 1];
                    b += wk * a[p + 2];
                    p += 3;
                }
                outR[x] = r;
                outG[x] = g;
                outB[x] = b;
            }
        }
    }
}
