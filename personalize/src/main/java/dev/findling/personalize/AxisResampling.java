package dev.findling.personalize;

import dev.findling.models.geometry.BilinearAxis;

/**
 * A 1-D linear map from a coarse grid (n cells) to output coordinates (m samples), stored sparsely:
 * output {@code d} is {@code Σ_k weight(d, k) · cell[start(d) + k]} for {@code k < span}. Chains of
 * bilinear resizes (PyTorch {@code align_corners=False}) are linear and separable, so the whole
 * chain "64 → ×4 → 1024 frame → crop → original" collapses to one such map per axis. That lets the
 * confidence map be evaluated at any original pixel without materialising the H×W image.
 */
final class AxisResampling {
    private final int sourceCells;
    private final int span;
    private final int[] start;
    private final double[] weights; // m × span

    private AxisResampling(int sourceCells, int span, int[] start, double[] weights) {
        this.sourceCells = sourceCells;
        this.span = span;
        this.start = start;
        this.weights = weights;
    }

    /** Identity on {@code n} cells. */
    static AxisResampling identity(int n) {
        int[] s = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
            w[i] = 1;
        }
        return new AxisResampling(n, 1, s, w);
    }

    /**
     * One bilinear resize step from {@code in} samples to a virtual {@code out} samples, of which only the first
     * {@code keep} are produced: {@link BilinearAxis}'s rule (the one place it lives) as a sparse map.
     */
    static AxisResampling bilinear(int in, int out, int keep) {
        BilinearAxis axis = BilinearAxis.of(in, out, keep);
        int span = Math.min(2, in);
        int[] s = new int[keep];
        double[] w = new double[span * keep];
        for (int d = 0; d < keep; d++) {
            int lo = axis.lower()[d];
            double frac = axis.fraction()[d];
            if (span == 1) {
                s[d] = 0;
                w[d] = 1;
            } else if (axis.upper()[d] == lo) {
                // The upper neighbour is clamped onto the lower one: all weight on the last cell.
                s[d] = in - 2;
                w[2 * d + 1] = 1;
            } else {
                s[d] = lo;
                w[2 * d] = 1 - frac;
                w[2 * d + 1] = frac;
            }
        }
        return new AxisResampling(in, span, s, w);
    }

    /** {@code next ∘ this}: first this map, then {@code next} applied to its outputs. */
    AxisResampling then(AxisResampling next) {
        if (next.sourceCells != size()) {
            throw new IllegalArgumentException("cannot chain a map of " + size() + " outputs into one expecting " + next.sourceCells);
        }
        int m = next.size();
        int[] lo = new int[m];
        int[] hi = new int[m];
        int maxSpan = 1;
        for (int d = 0; d < m; d++) {
            int a = Integer.MAX_VALUE;
            int b = -1;
            for (int k = 0; k < next.span; k++) {
                if (next.weights[d * next.span + k] == 0) {
                    continue;
                }
                int mid = next.start[d] + k;
                a = Math.min(a, firstCell(mid));
                b = Math.max(b, lastCell(mid));
            }
            lo[d] = a;
            hi[d] = b;
            maxSpan = Math.max(maxSpan, b - a + 1);
        }
        maxSpan = Math.min(maxSpan, sourceCells);
        for (int d = 0; d < m; d++) {
            // Every row reads [start, start + span) inside the source, so readers need no bounds checks.
            lo[d] = Math.min(lo[d], sourceCells - maxSpan);
        }
        double[] w = new double[m * maxSpan];
        for (int d = 0; d < m; d++) {
            for (int k = 0; k < next.span; k++) {
                double wk = next.weights[d * next.span + k];
                if (wk == 0) {
                    continue;
                }
                int mid = next.start[d] + k;
                for (int j = 0; j < span; j++) {
                    double wj = weights[mid * span + j];
                    if (wj != 0) {
                        w[d * maxSpan + (start[mid] + j - lo[d])] += wk * wj;
                    }
                }
            }
        }
        return new AxisResampling(sourceCells, maxSpan, lo, w);
    }

    private int firstCell(int d) {
        for (int k = 0; k < span; k++) {
            if (weights[d * span + k] != 0) {
                return start[d] + k;
            }
        }
        return start[d];
    }

    private int lastCell(int d) {
        for (int k = span - 1; k >= 0; k--) {
            if (weights[d * span + k] != 0) {
                return start[d] + k;
            }
        }
        return start[d];
    }

    int size() {
        return start.length;
    }

    int sourceCells() {
        return sourceCells;
    }

    int span() {
        return span;
    }

    int start(int d) {
        return start[d];
    }

    double weight(int d, int k) {
        return weights[d * span + k];
    }

    /** Sum of each cell's weights over all outputs (the column sums of the map). */
    double[] columnSums() {
        double[] s = new double[sourceCells];
        for (int d = 0; d < size(); d++) {
            for (int k = 0; k < span; k++) {
                s[start[d] + k] += weights[d * span + k];
            }
        }
        return s;
    }

    /** Gram matrix {@code MᵀM} (sourceCells², row-major). */
    double[] gram() {
        double[] g = new double[sourceCells * sourceCells];
        for (int d = 0; d < size(); d++) {
            for (int a = 0; a < span; a++) {
                double wa = weights[d * span + a];
                if (wa == 0) {
                    continue;
                }
                int ia = start[d] + a;
                for (int b = 0; b < span; b++) {
                    double wb = weights[d * span + b];
                    if (wb != 0) {
                        g[ia * sourceCells + start[d] + b] += wa * wb;
                    }
                }
            }
        }
        return g;
    }

    /**
     * For each source cell, the first and last output whose row has a non-zero weight on it, or
     * {first = size, last = -1} when no output reads that cell. Outputs are monotone in the cell,
     * so the outputs reading a cell form one contiguous range.
     */
    int[][] outputRanges() {
        int[] first = new int[sourceCells];
        int[] last = new int[sourceCells];
        java.util.Arrays.fill(first, size());
        java.util.Arrays.fill(last, -1);
        for (int d = 0; d < size(); d++) {
            for (int k = 0; k < span; k++) {
                if (weights[d * span + k] != 0) {
                    int c = start[d] + k;
                    first[c] = Math.min(first[c], d);
                    last[c] = Math.max(last[c], d);
                }
            }
        }
        return new int[][] {first, last};
    }

    /** Samples this map's outputs as another bilinear resize would: row i of the result mixes outputs lo/hi. */
    AxisResampling resampledTo(int samples) {
        return then(bilinear(size(), samples, samples));
    }
}
