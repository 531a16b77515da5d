package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.geometry.BilinearAxis;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.MaskPostprocessor;
import dev.findling.models.sam.OriginalSizeRows;
import dev.findling.models.geometry.ResizeGeometry;

import java.util.Optional;

/**
 * One decoder mask's 256² low-res logits seen at the original image size, evaluated lazily:
 * SAM's {@code postprocess_masks} (bilinear 256 → 1024 frame, crop the padding, bilinear to H×W,
 * both align_corners=False), done in the two separable stages {@link MaskPostprocessor} uses, but
 * only where it is asked: the cascade needs the exact box of a full-size mask and, at the end, the mask inside that
 * box, and on a 12 MP photo materialising four full-size float maps per pass would cost more than
 * the decoder itself. Box and mask go through {@link OriginalSizeRows} (bit-identical values, one row at a time).
 */
final class OriginalSizeLogits {
    private static final int LOW = DecoderPrompt.LOW_RES_SIDE;

    private final float[] low;
    private final ResizeGeometry g;
    // Stage A: 256 → inputSize frame (keeping the resized part); stage B: resized frame → original.
    private final BilinearAxis ax;
    private final BilinearAxis ay;
    private final BilinearAxis bx;
    private final BilinearAxis by;

    OriginalSizeLogits(float[] lowResLogits256, ResizeGeometry geometry) {
        if (lowResLogits256.length != LOW * LOW) {
            throw new IllegalArgumentException("low-res logits must be 256×256 but have " + lowResLogits256.length + " values");
        }
        this.low = lowResLogits256;
        this.g = geometry;
        this.ax = BilinearAxis.of(LOW, g.inputSize(), g.resizedWidth());
        this.ay = BilinearAxis.of(LOW, g.inputSize(), g.resizedHeight());
        this.bx = BilinearAxis.of(g.resizedWidth(), g.originalWidth(), g.originalWidth());
        this.by = BilinearAxis.of(g.resizedHeight(), g.originalHeight(), g.originalHeight());
    }

    /** Stage A horizontal: input row r at frame column fx. */
    private float rowA(int r, int fx) {
        int o = r * LOW;
        float a = low[o + ax.lower()[fx]];
        return a + (low[o + ax.upper()[fx]] - a) * ax.fraction()[fx];
    }

    /** Stage A vertical: the 1024-frame value at (fy, fx). */
    private float frame(int fy, int fx) {
        float a = rowA(ay.lower()[fy], fx);
        return a + (rowA(ay.upper()[fy], fx) - a) * ay.fraction()[fy];
    }

    /** Stage B horizontal: frame row fy at original column x. */
    private float rowB(int fy, int x) {
        float a = frame(fy, bx.lower()[x]);
        return a + (frame(fy, bx.upper()[x]) - a) * bx.fraction()[x];
    }

    /** The logit at original pixel (x, y). */
    float at(int x, int y) {
        float a = rowB(by.lower()[y], x);
        return a + (rowB(by.upper()[y], x) - a) * by.fraction()[y];
    }

    /**
     * Exact bounding box of the pixels with logit &gt; 0 at the original size, or empty. Bilinear
     * interpolation of non-positive values is non-positive, so only pixels reading a positive
     * low-res cell can be set: the logits are evaluated in that window only, a row at a time
     * ({@link OriginalSizeRows}), so a mask covering an 81-megapixel photo needs no window-sized float plane.
     */
    Optional<PixelBox> box() {
        int k0 = LOW, k1 = -1, l0 = LOW, l1 = -1;
        for (int r = 0; r < LOW; r++) {
            for (int c = 0; c < LOW; c++) {
                if (low[r * LOW + c] > 0f) {
                    k0 = Math.min(k0, r);
                    k1 = Math.max(k1, r);
                    l0 = Math.min(l0, c);
                    l1 = Math.max(l1, c);
                }
            }
        }
        if (k1 < 0) {
            return Optional.empty();
        }
        int[] ys = window(by, ay, k0, k1);
        int[] xs = window(bx, ax, l0, l1);
        if (ys == null || xs == null) {
            return Optional.empty();
        }
        // Row by row over the window, keeping only the extremes: no window-sized float plane.
        OriginalSizeRows rows = rows();
        int wx0 = xs[0], wx1 = xs[1] + 1;
        float[] v = new float[wx1 - wx0];
        int top = -1, bottom = -1, left = Integer.MAX_VALUE, right = -1;
        for (int y = ys[0]; y <= ys[1]; y++) {
            rows.row(y, wx0, wx1, v);
            int first = -1, last = -1;
            for (int x = 0; x < v.length; x++) {
                if (v[x] > 0f) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                }
            }
            if (first >= 0) {
                if (top < 0) {
                    top = y;
                }
                bottom = y;
                left = Math.min(left, first);
                right = Math.max(right, last);
            }
        }
        if (top < 0) {
            return Optional.empty();
        }
        return Optional.of(new PixelBox(wx0 + left, top, wx0 + right + 1, bottom + 1));
    }

    /**
     * Whether no pixel is set at the original size. Usually answered by a few pixels around the
     * strongest low-res cell; only when those are all off does it fall back to {@link #box()}.
     */
    boolean isEmpty() {
        int best = 0;
        for (int i = 1; i < low.length; i++) {
            if (low[i] > low[best]) {
                best = i;
            }
        }
        if (low[best] <= 0f) {
            return true;
        }
        // Centre of the low-res cell in the input frame, mapped to original pixels.
        double cellSide = g.inputSize() / (double) LOW;
        int cx = (int) Math.floor(g.xToOriginal((float) (((best % LOW) + 0.5) * cellSide)));
        int cy = (int) Math.floor(g.yToOriginal((float) (((best / LOW) + 0.5) * cellSide)));
        for (int y = Math.max(0, cy - 2); y <= Math.min(g.originalHeight() - 1, cy + 2); y++) {
            for (int x = Math.max(0, cx - 2); x <= Math.min(g.originalWidth() - 1, cx + 2); x++) {
                if (at(x, y) > 0f) {
                    return false;
                }
            }
        }
        return box().isEmpty();
    }

    /** The row engine, made on first use: {@link #isEmpty()} usually answers without it. */
    private OriginalSizeRows rows;

    private OriginalSizeRows rows() {
        if (rows == null) {
            rows = new OriginalSizeRows(low, g);
        }
        return rows;
    }

    /** Original coordinates whose chain reads a low-res index in [k0, k1]; null when none. */
    private static int[] window(BilinearAxis b, BilinearAxis a, int k0, int k1) {
        int first = -1, last = -1;
        for (int d = 0; d < b.lower().length; d++) {
            if (reads(a, b.lower()[d], k0, k1) || reads(a, b.upper()[d], k0, k1)) {
                if (first < 0) {
                    first = d;
                }
                last = d;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    private static boolean reads(BilinearAxis a, int frameIndex, int k0, int k1) {
        int i0 = a.lower()[frameIndex];
        int i1 = a.upper()[frameIndex];
        return (i0 >= k0 && i0 <= k1) || (i1 >= k0 && i1 <= k1);
    }

    /** All logits at the original size, H×W row-major (for display, tests and full-size fitting). */
    float[] all() {
        int w = g.originalWidth();
        int h = g.originalHeight();
        float[] out = new float[Math.multiplyExact(w, h)];
        float[] row = new float[w];
        OriginalSizeRows rows = rows();
        for (int y = 0; y < h; y++) {
            rows.row(y, 0, w, row);
            System.arraycopy(row, 0, out, y * w, w);
        }
        return out;
    }

    /** The full-size mask (logit &gt; 0), computed only inside its box; all-empty when nothing is set. */
    BinaryMask mask() {
        return mask(box());
    }

    /** The full-size mask, thresholded a row at a time inside {@code box} (which must hold every set pixel). */
    BinaryMask mask(Optional<PixelBox> box) {
        int w = g.originalWidth();
        int h = g.originalHeight();
        if (box.isEmpty()) {
            return BinaryMask.empty(w, h);
        }
        PixelBox b = box.get();
        byte[] bits = new byte[Math.multiplyExact(w, h)];
        float[] scratch = new float[b.width()];
        OriginalSizeRows rows = rows();
        for (int y = b.y0(); y < b.y1(); y++) {
            rows.thresholdRow(y, b.x0(), b.x1(), scratch, bits, y * w + b.x0());
        }
        return BinaryMask.wrap(w, h, bits);
    }
}
