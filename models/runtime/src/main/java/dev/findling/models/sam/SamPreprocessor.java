package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.geometry.ImageResampler;
import dev.findling.models.geometry.PillowResampler;

import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * SAM-family image preparation (segment_anything's {@code ResizeLongestSide} + {@code Sam.preprocess}):
 * resize so the longest side equals the input size (Pillow's antialiased bilinear on 8 bits, bit for bit, see
 * {@link PillowResampler}), normalise each channel as {@code (v / valueScale − mean) / std}, zero-pad
 * bottom and right to a square, and lay out as NCHW {@code [1, 3, S, S]} floats. With
 * {@link Preprocessing#normalizedInGraph()} the graph does the normalising and padding itself, so
 * the output is the resized image as HWC {@code [h, w, 3]} floats on 0–255.
 *
 * <p>The output goes to a direct, native-order buffer, which ONNX Runtime reads without a copy.
 * Stateless and thread-safe; the work of one image is spread over the common fork-join pool.
 */
public final class SamPreprocessor {
    /** The tensor for the graph plus the geometry that maps prompts and masks back to the image. */
    public record Prepared(FloatBuffer tensor, long[] shape, ResizeGeometry geometry) {
    }

    private final Preprocessing preprocessing;
    private final ImageResampler.Filter filter;
    private final float[] scale = new float[3];
    private final float[] offset = new float[3];
    private final float[] zeros;

    /** Bilinear resampling, as SAM does. */
    public SamPreprocessor(Preprocessing preprocessing) {
        this(preprocessing, ImageResampler.Filter.BILINEAR);
    }

    /** With another filter, e.g. bicubic for letterboxed CLIP inputs. */
    public SamPreprocessor(Preprocessing preprocessing, ImageResampler.Filter filter) {
        this.preprocessing = preprocessing;
        this.filter = filter;
        for (int c = 0; c < 3; c++) {
            // (v / valueScale − mean) / std  ==  v · scale + offset
            scale[c] = 1f / (preprocessing.valueScale() * preprocessing.pixelStd()[c]);
            offset[c] = -preprocessing.pixelMean()[c] / preprocessing.pixelStd()[c];
        }
        this.zeros = new float[preprocessing.inputSize()];
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public int inputSize() {
        return preprocessing.inputSize();
    }

    /**
     * The geometry of the photo the image shows: for a reduced copy of a large photo ({@link RgbImage#isReduced()})
     * its source size, so prompts and masks stay in the photo's pixels while the copy's pixels are resampled.
     */
    public ResizeGeometry geometry(RgbImage image) {
        return graphResizes()
                ? ResizeGeometry.stretched(image.sourceHeight(), image.sourceWidth(), preprocessing.inputSize())
                : ResizeGeometry.of(image.sourceHeight(), image.sourceWidth(), preprocessing.inputSize());
    }

    /** True when the graph resizes the image itself ({@link Preprocessing#STRETCH_IN_GRAPH}). */
    private boolean graphResizes() {
        return Preprocessing.STRETCH_IN_GRAPH.equals(preprocessing.resize());
    }

    /** The tensor shape for an image of this geometry (not a reduced copy: see {@link #shape(RgbImage)}). */
    public long[] shape(ResizeGeometry g) {
        return shape(g, g.originalHeight(), g.originalWidth());
    }

    /** The tensor shape for this image; a graph that resizes itself gets the pixels as decoded. */
    public long[] shape(RgbImage image) {
        return shape(geometry(image), image.height(), image.width());
    }

    private long[] shape(ResizeGeometry g, int pixelHeight, int pixelWidth) {
        int s = preprocessing.inputSize();
        if (graphResizes()) {
            return new long[]{1, 3, pixelHeight, pixelWidth};
        }
        return preprocessing.normalizedInGraph()
                ? new long[]{g.resizedHeight(), g.resizedWidth(), 3}
                : new long[]{1, 3, s, s};
    }

    /** Number of floats the tensor for this geometry holds (not a reduced copy: see {@link #tensorLength(RgbImage)}). */
    public int tensorLength(ResizeGeometry g) {
        return length(shape(g));
    }

    /** Number of floats the tensor for this image holds. */
    public int tensorLength(RgbImage image) {
        return length(shape(image));
    }

    private static int length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** A direct, native-order buffer large enough for {@code length} floats. */
    public static FloatBuffer allocate(int length) {
        return ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Prepares {@code image} into a newly allocated direct buffer. */
    public Prepared preprocess(RgbImage image) {
        return preprocess(image, allocate(tensorLength(image)));
    }

    /**
     * Prepares {@code image} into {@code target} (reusable: every value of the tensor is written,
     * padding included). The returned tensor is {@code target} limited to the tensor's length.
     */
    public Prepared preprocess(RgbImage image, FloatBuffer target) {
        ResizeGeometry g = geometry(image);
        long[] shape = shape(image);
        int length = length(shape);
        if (target.capacity() < length) {
            throw new IllegalArgumentException("target holds " + target.capacity() + " floats but the tensor needs " + length);
        }
        FloatBuffer out = target.duplicate();
        out.clear();
        if (graphResizes()) {
            writeOriginalNchw(image, out);
        } else if (preprocessing.normalizedInGraph()) {
            writeHwc(image, g, out);
        } else {
            writeNchw(image, g, out);
        }
        out.position(0).limit(length);
        return new Prepared(out.slice(), shape, g);
    }

    private void writeNchw(RgbImage image, ResizeGeometry g, FloatBuffer out) {
        int s = preprocessing.inputSize();
        int plane = s * s;
        int w = g.resizedWidth();
        int h = g.resizedHeight();
        boolean clamp = filter.overshoots();
        resizedRows(image, w, h, (y, r, gr, b) -> {
            FloatBuffer dst = out.duplicate();
            float[][] channels = {r, gr, b};
            for (int c = 0; c < 3; c++) {
                float[] v = channels[c];
                float sc = scale[c];
                float off = offset[c];
                if (clamp) {
                    for (int x = 0; x < w; x++) {
                        v[x] = Math.min(255f, Math.max(0f, v[x])) * sc + off;
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        v[x] = v[x] * sc + off;
                    }
                }
                int row = c * plane + y * s;
                dst.put(row, v, 0, w);
                if (w < s) {
                    dst.put(row + w, zeros, 0, s - w);
                }
            }
        });
        for (int c = 0; c < 3; c++) {
            for (int y = h; y < s; y++) {
                out.put(c * plane + y * s, zeros, 0, s);
            }
        }
    }

    /** The decoded pixels, unresized, as {@code v · scale + offset} in NCHW (EfficientSAM: {@code v / 255}). */
    private void writeOriginalNchw(RgbImage image, FloatBuffer out) {
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        ByteBuffer pixels = image.pixels();
        java.util.stream.IntStream.range(0, h).parallel().forEach(y -> {
            float[][] rows = new float[3][w];
            int o = 3 * y * w;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rows[c][x] = (pixels.get(o + 3 * x + c) & 0xFF) * scale[c] + offset[c];
                }
            }
            FloatBuffer dst = out.duplicate();
            for (int c = 0; c < 3; c++) {
                dst.put(c * plane + y * w, rows[c], 0, w);
            }
        });
    }

    /**
     * The resized image's rows. Bilinear (SAM) resizes exactly as Pillow does on 8 bits, so the encoder sees the
     * bytes the authors' {@code ResizeLongestSide} gives (docs/persam.md); other filters keep floats throughout.
     */
    private void resizedRows(RgbImage image, int w, int h, ImageResampler.RowSink sink) {
        if (filter != ImageResampler.Filter.BILINEAR) {
            ImageResampler.resize(image, w, h, 0, 0, w, h, filter, sink);
            return;
        }
        RgbImage resized = image.width() == w && image.height() == h ? image
                : PillowResampler.resize(image, w, h, filter);
        java.nio.ByteBuffer px = resized.pixels();
        IntStream.range(0, h).parallel().forEach(y -> {
            byte[] bytes = new byte[3 * w];
            px.duplicate().get(3 * y * w, bytes, 0, bytes.length);
            float[] r = new float[w];
            float[] g = new float[w];
            float[] b = new float[w];
            for (int x = 0, i = 0; x < w; x++, i += 3) {
                r[x] = bytes[i] & 0xff;
                g[x] = bytes[i + 1] & 0xff;
                b[x] = bytes[i + 2] & 0xff;
            }
            sink.row(y, r, g, b);
        });
    }

    private void writeHwc(RgbImage image, ResizeGeometry g, FloatBuffer out) {
        int w = g.resizedWidth();
        int h = g.resizedHeight();
        boolean clamp = filter.overshoots();
        resizedRows(image, w, h, (y, r, gr, b) -> {
            float[] row = new float[3 * w];
            for (int x = 0, i = 0; x < w; x++, i += 3) {
                row[i] = r[x];
                row[i + 1] = gr[x];
                row[i + 2] = b[x];
            }
            if (clamp) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.min(255f, Math.max(0f, row[i]));
                }
            }
            out.duplicate().put(3 * y * w, row, 0, row.length);
        });
    }
}
