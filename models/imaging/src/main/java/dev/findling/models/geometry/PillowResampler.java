package dev.findling.models.geometry;

import dev.findling.models.image.RgbImage;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * Pillow's {@code Image.resize} on 8-bit RGB, bit for bit: the same filter taps, the same 22-bit fixed-point
 * coefficients, the horizontal pass first into an 8-bit image, then the vertical pass, each rounded and clipped to
 * 0–255. SAM's {@code ResizeLongestSide} (torchvision's {@code resize} of a PIL image) is this with
 * {@link ImageResampler.Filter#BILINEAR}; an encoder fed the same bytes as the authors' code gives the same
 * embeddings (docs/persam.md). {@link ImageResampler} keeps floats instead and is used where exact 8-bit
 * agreement does not matter.
 */
public final class PillowResampler {
    /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 − 8 − 2. */
    private static final int PRECISION_BITS = 22;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final long PARALLEL_THRESHOLD = 1L << 17;

    private PillowResampler() {
    }

    /** Fixed-point taps of one axis: output i reads {@code count[i]} inputs from {@code first[i]}. */
    private record Taps(int[] first, int[] count, int[] coefficients, int size) {
    }

    /** Pillow's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for the whole axis. */
    private static Taps taps(int inSize, int outSize, ImageResampler.Filter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        int size = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] coefficients = new int[outSize * size];
        double[] k = new double[size];
        double ss = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter.weight((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? k[x] / ww : k[x];
                coefficients[xx * size + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new Taps(first, count, coefficients, size);
    }

    private static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** The image resized to {@code width×height} exactly as Pillow resizes an RGB image with {@code filter}. */
    public static RgbImage resize(RgbImage image, int width, int height, ImageResampler.Filter filter) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive but is " + width + "×" + height);
        }
        int inW = image.width();
        int inH = image.height();
        ByteBuffer pixels = image.pixels();
        boolean horizontal = width != inW;
        boolean vertical = height != inH;
        Taps v = taps(inH, height, filter);
        byte[] rows;
        int rowsFirst;
        int rowsWidth;
        if (horizontal) {
            Taps h = taps(inW, width, filter);
            // Only the input rows the vertical pass reads, as Pillow does.
            rowsFirst = vertical ? v.first()[0] : 0;
            int rowsEnd = vertical ? v.first()[height - 1] + v.count()[height - 1] : inH;
            int count = rowsEnd - rowsFirst;
            byte[] temp = new byte[3 * width * count];
            forRows(count, (long) width * count * h.size(), y -> {
                byte[] in = new byte[3 * inW];
                pixels.duplicate().get(3 * (y + rowsFirst) * inW, in, 0, in.length);
                int out = 3 * y * width;
                for (int xx = 0; xx < width; xx++) {
                    int r = HALF;
                    int g = HALF;
                    int b = HALF;
                    int base = xx * h.size();
                    int p = 3 * h.first()[xx];
                    for (int x = 0; x < h.count()[xx]; x++, p += 3) {
                        int c = h.coefficients()[base + x];
                        r += (in[p] & 0xff) * c;
                        g += (in[p + 1] & 0xff) * c;
                        b += (in[p + 2] & 0xff) * c;
                    }
                    temp[out++] = (byte) clip8(r);
                    temp[out++] = (byte) clip8(g);
                    temp[out++] = (byte) clip8(b);
                }
            });
            rows = temp;
            rowsWidth = width;
        } else {
            rows = new byte[3 * inW * inH];
            pixels.duplicate().get(rows);
            rowsFirst = 0;
            rowsWidth = inW;
        }
        if (!vertical) {
            return RgbImage.wrap(width, height, rows);
        }
        byte[] out = new byte[3 * width * height];
        byte[] src = rows;
        int shift = rowsFirst;
        int span = 3 * rowsWidth;
        forRows(height, (long) width * height * v.size(), yy -> {
            int base = yy * v.size();
            int first = v.first()[yy] - shift;
            int n = v.count()[yy];
            int o = yy * span;
            for (int i = 0; i < span; i++) {
                int acc = HALF;
                int p = first * span + i;
                for (int y = 0; y < n; y++, p += span) {
                    acc += (src[p] & 0xff) * v.coefficients()[base + y];
                }
                out[o + i] = (byte) clip8(acc);
            }
        });
        return RgbImage.wrap(width, height, out);
    }

    private static void forRows(int rows, long work, java.util.function.IntConsumer row) {
        if (work < PARALLEL_THRESHOLD) {
            for (int y = 0; y < rows; y++) {
                row.accept(y);
            }
        } else {
            IntStream.range(0, rows).parallel().forEach(row);
        }
    }
}
