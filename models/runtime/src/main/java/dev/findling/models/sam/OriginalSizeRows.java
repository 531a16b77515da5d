package dev.findling.models.sam;

import dev.findling.models.geometry.BilinearAxis;
import dev.findling.models.geometry.ResizeGeometry;

/**
 * One mask's 256² low-res logits at the original image size, produced a row at a time: SAM's
 * {@code postprocess_masks} ({@link MaskPostprocessor}) with the same float operations in the same order, so every
 * value equals the one of {@link MaskPostprocessor#toOriginalSize} bit for bit — without ever holding the H×W
 * float plane (324 MB for an 81-megapixel photo).
 *
 * <p>Everything is computed when a requested row first needs it: stage 1's horizontal pass per low-res row (kept,
 * at most 256 × resizedWidth floats), stage 1's vertical and stage 2's horizontal pass per frame row (the two most
 * recent kept; requested rows usually go downwards, so each frame row is computed about once). Rows of a window
 * (PerSAM's box of one object) cost only the frame rows they read.
 * Not thread-safe: one instance per thread, as cheap to make as one decoder run's output.
 */
public final class OriginalSizeRows {
    private final ResizeGeometry g;
    private final float[] low;
    private final int gridWidth;
    private final BilinearAxis ax;
    private final BilinearAxis ay;
    private final float[][] lowRowAtResizedWidth;
    private final float[] frameRowBuffer;
    private final BilinearAxis bx;
    private final BilinearAxis by;
    private final int[] cachedFrameRow = {-1, -1};
    private final float[][] cachedRow;
    private int nextSlot;

    public OriginalSizeRows(float[] lowResLogits256, ResizeGeometry geometry) {
        this(lowResLogits256, DecoderPrompt.LOW_RES_SIDE, DecoderPrompt.LOW_RES_SIDE, geometry);
    }

    /**
     * Any grid that covers the encoder's padded square input frame as SAM's low-res masks do — a dense CLIP
     * encoder's patch grid, for one — with the same rule: bilinear to the input frame, crop the padding, bilinear to
     * the original size.
     */
    public OriginalSizeRows(float[] grid, int gridHeight, int gridWidth, ResizeGeometry geometry) {
        if (gridHeight <= 0 || gridWidth <= 0 || grid.length != gridHeight * gridWidth) {
            throw new IllegalArgumentException("a " + gridHeight + "×" + gridWidth + " grid needs " + (long) gridHeight * gridWidth
                    + " values but has " + grid.length);
        }
        this.g = geometry;
        this.low = grid;
        this.gridWidth = gridWidth;
        this.ax = BilinearAxis.of(gridWidth, g.inputSize(), g.resizedWidth());
        this.ay = BilinearAxis.of(gridHeight, g.inputSize(), g.resizedHeight());
        this.lowRowAtResizedWidth = new float[gridHeight][];
        this.frameRowBuffer = new float[g.resizedWidth()];
        this.bx = BilinearAxis.of(g.resizedWidth(), g.originalWidth(), g.originalWidth());
        this.by = BilinearAxis.of(g.resizedHeight(), g.originalHeight(), g.originalHeight());
        this.cachedRow = new float[2][g.originalWidth()];
    }

    public ResizeGeometry geometry() {
        return g;
    }

    /** Writes the logits of original row {@code y}, columns [x0, x1), into {@code out[0 .. x1−x0)}. */
    public void row(int y, int x0, int x1, float[] out) {
        if (y < 0 || y >= g.originalHeight() || x0 < 0 || x1 > g.originalWidth() || x0 > x1) {
            throw new IndexOutOfBoundsException("row " + y + ", columns [" + x0 + ", " + x1 + ") lie outside the "
                    + g.originalWidth() + "×" + g.originalHeight() + " image");
        }
        int lower = by.lower()[y];
        float[] a = frameRowAtOriginalWidth(lower, -1);
        float[] b = frameRowAtOriginalWidth(by.upper()[y], lower);
        float f = by.fraction()[y];
        for (int x = x0; x < x1; x++) {
            float v = a[x];
            out[x - x0] = v + (b[x] - v) * f;
        }
    }

    /**
     * Writes row {@code y}'s pixels with logit &gt; 0 (SAM's threshold) as 1, others 0, for columns [x0, x1) into
     * {@code bits[offset + x − x0]}; {@code scratch} holds at least x1 − x0 floats. Returns how many were set.
     */
    public int thresholdRow(int y, int x0, int x1, float[] scratch, byte[] bits, int offset) {
        row(y, x0, x1, scratch);
        int set = 0;
        for (int i = 0, n = x1 - x0; i < n; i++) {
            byte bit = scratch[i] > 0f ? (byte) 1 : 0;
            bits[offset + i] = bit;
            set += bit;
        }
        return set;
    }

    /**
     * Stage 2's horizontal pass of one frame row: resizedWidth → originalWidth, all columns. The slot holding
     * frame row {@code keep} is not reused.
     */
    private float[] frameRowAtOriginalWidth(int frameRow, int keep) {
        for (int s = 0; s < 2; s++) {
            if (cachedFrameRow[s] == frameRow) {
                return cachedRow[s];
            }
        }
        int slot = cachedFrameRow[0] == keep ? 1 : cachedFrameRow[1] == keep ? 0 : nextSlot;
        nextSlot = slot ^ 1;
        float[] out = cachedRow[slot];
        float[] frame = frameRow(frameRow);
        int[] x0 = bx.lower();
        int[] x1 = bx.upper();
        float[] fx = bx.fraction();
        for (int x = 0; x < out.length; x++) {
            float a = frame[x0[x]];
            out[x] = a + (frame[x1[x]] - a) * fx[x];
        }
        cachedFrameRow[slot] = frameRow;
        return out;
    }

    /** Stage 1 for one row of the resized frame (vertical blend of two low-res rows), into a shared buffer. */
    private float[] frameRow(int fy) {
        float[] a = lowRow(ay.lower()[fy]);
        float[] b = lowRow(ay.upper()[fy]);
        float f = ay.fraction()[fy];
        for (int x = 0; x < frameRowBuffer.length; x++) {
            float v = a[x];
            frameRowBuffer[x] = v + (b[x] - v) * f;
        }
        return frameRowBuffer;
    }

    /** Stage 1's horizontal pass of one grid row: grid width → resizedWidth. */
    private float[] lowRow(int r) {
        float[] row = lowRowAtResizedWidth[r];
        if (row == null) {
            row = new float[g.resizedWidth()];
            int[] x0 = ax.lower();
            int[] x1 = ax.upper();
            float[] fx = ax.fraction();
            int ri = r * gridWidth;
            for (int x = 0; x < row.length; x++) {
                float a = low[ri + x0[x]];
                row[x] = a + (low[ri + x1[x]] - a) * fx[x];
            }
            lowRowAtResizedWidth[r] = row;
        }
        return row;
    }
}
