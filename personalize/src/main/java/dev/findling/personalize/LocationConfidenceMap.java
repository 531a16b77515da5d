package dev.findling.personalize;

import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.geometry.ResizeGeometry;

import java.nio.FloatBuffer;

/**
 * PerSAM's location confidence map (docs/ARCHITECTURE.md §3 step 1): the cosine similarity between the concept's
 * {@code target_feat} and every cell of the test embedding's 64×64 grid, which the authors upsample
 * ×4, post-process like a mask (to the 1024 frame, crop the padding, resize to H×W) and then read
 * at full size.
 *
 * <p>Everything downstream only needs a few numbers from that H×W map — its maximum and minimum
 * (the point priors), its mean and standard deviation and a 64×64 resample of it (target-guided
 * attention). Because the resize chain is linear and separable, this class computes all of them
 * exactly from the 64×64 grid and two per-axis weight tables, so a 12 MP image costs about as much
 * as a 1 MP one. {@link #atOriginalSize()} still materialises the map for callers that want to show
 * it, through the same post-processing code the decoder's masks go through.
 */
public final class LocationConfidenceMap {
    /** SAM's embedding grid side; the ×4 upsample yields the decoder's 256² low-res frame. */
    static final int GRID = 64;
    static final int UPSAMPLE = 4;
    private static final int MAX_CANDIDATE_CELLS = 512;
    /** Slack for float rounding when pruning cells that cannot hold the maximum. */
    private static final float PRUNE_SLACK = 1e-5f;

    private final float[] sim;
    private final ResizeGeometry geometry;
    private volatile Axes axes;

    private LocationConfidenceMap(float[] sim, ResizeGeometry geometry) {
        this.sim = sim;
        this.geometry = geometry;
    }

    /**
     * @param embedding           test-image embedding, C×64×64
     * @param targetFeatUnit      the concept's L2-normalised mean feature (length C)
     */
    public static LocationConfidenceMap compute(ImageEmbedding embedding, float[] targetFeatUnit) {
        int c = embedding.channels();
        if (embedding.gridHeight() != GRID || embedding.gridWidth() != GRID) {
            throw new IllegalArgumentException("PerSAM needs a 64×64 embedding grid but this one is "
                    + embedding.gridWidth() + "×" + embedding.gridHeight());
        }
        if (targetFeatUnit.length != c) {
            throw new IllegalArgumentException("target feature has " + targetFeatUnit.length
                    + " channels but the embedding has " + c + " (concept from another pack?)");
        }
        int cells = GRID * GRID;
        FloatBuffer f = embedding.features();
        float[] dot = new float[cells];
        float[] norm2 = new float[cells];
        float[] plane = new float[cells];
        for (int ch = 0; ch < c; ch++) {
            f.get(ch * cells, plane, 0, cells);
            float t = targetFeatUnit[ch];
            for (int i = 0; i < cells; i++) {
                float v = plane[i];
                dot[i] += t * v;
                norm2[i] += v * v;
            }
        }
        float[] sim = new float[cells];
        for (int i = 0; i < cells; i++) {
            // A zero feature vector has no direction; the authors' code would produce NaN here.
            sim[i] = norm2[i] > 0 ? (float) (dot[i] / Math.sqrt(norm2[i])) : 0f;
        }
        return new LocationConfidenceMap(sim, embedding.geometry());
    }

    /** For tests and for callers that already hold a 64×64 similarity grid. */
    static LocationConfidenceMap ofGrid(float[] sim64, ResizeGeometry geometry) {
        if (sim64.length != GRID * GRID) {
            throw new IllegalArgumentException("similarity grid must be 64×64 = 4096 values but has " + sim64.length);
        }
        return new LocationConfidenceMap(sim64.clone(), geometry);
    }

    public ResizeGeometry geometry() {
        return geometry;
    }

    /** A copy of the 64×64 similarity grid, row-major. */
    public float[] grid() {
        return sim.clone();
    }

    float gridValue(int cell) {
        return sim[cell];
    }

    /** Highest cosine similarity on the grid, an upper bound of {@link #maximum()}. */
    float gridMaximum() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : sim) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** A copy of this map with the given grid cells set to the grid's minimum (used to find further instances). */
    LocationConfidenceMap suppress(boolean[] cells) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : sim) {
            min = Math.min(min, v);
        }
        float[] s = sim.clone();
        for (int i = 0; i < s.length; i++) {
            if (cells[i]) {
                s[i] = min;
            }
        }
        LocationConfidenceMap out = new LocationConfidenceMap(s, geometry);
        out.axes = axes;
        return out;
    }

    /** The map at the original image size, H×W row-major — the authors' chain, for display and tests. */
    public float[] atOriginalSize() {
        return new OriginalSizeLogits(upsampledLowRes(), geometry).all();
    }

    /** The ×4 bilinear upsample to 256×256 (SAM's low-res mask frame). */
    float[] upsampledLowRes() {
        int side = GRID * UPSAMPLE;
        if (side != DecoderPrompt.LOW_RES_SIDE) {
            throw new IllegalStateException("64×4 must match the 256² low-res frame");
        }
        AxisResampling a = AxisResampling.bilinear(GRID, side, side);
        float[] rows = new float[GRID * side];
        for (int y = 0; y < GRID; y++) {
            for (int x = 0; x < side; x++) {
                float v = 0;
                for (int k = 0; k < a.span(); k++) {
                    double w = a.weight(x, k);
                    if (w != 0) {
                        v += (float) (w * sim[y * GRID + a.start(x) + k]);
                    }
                }
                rows[y * side + x] = v;
            }
        }
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = 0;
                for (int k = 0; k < a.span(); k++) {
                    double w = a.weight(y, k);
                    if (w != 0) {
                        v += (float) (w * rows[(a.start(y) + k) * side + x]);
                    }
                }
                out[y * side + x] = v;
            }
        }
        return out;
    }

    /** Location (original pixels) and value of the full-size map's maximum; ties go to the first in row-major order. */
    public MapExtremum maximum() {
        return extremum(false);
    }

    /** Location (original pixels) and value of the full-size map's minimum. */
    public MapExtremum minimum() {
        return extremum(true);
    }

    /**
     * Target-guided attention (docs/ARCHITECTURE.md §3 step 3): standardise the full-size map by its mean and
     * (unbiased, as torch.std) standard deviation, resize it to 64×64 (bilinear,
     * align_corners=False), sigmoid, flatten row-major. Computed exactly from the grid: the mean is
     * {@code Σ colsumY·s·colsumX / N}, the sum of squares {@code Σ (Gy·s) ∘ (s·Gx)} with the Gram
     * matrices of the per-axis maps.
     */
    public float[] attnSim4096() {
        Axes ax = axes();
        int n = GRID;
        double[] sy = ax.rows.columnSums();
        double[] sx = ax.cols.columnSums();
        double[] gy = ax.rows.gram();
        double[] gx = ax.cols.gram();
        double sum = 0;
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                sum += sy[k] * sim[k * n + l] * sx[l];
            }
        }
        double[] gyS = new double[n * n];
        double[] sGx = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double g = gy[k * n + j];
                if (g == 0) {
                    continue;
                }
                for (int l = 0; l < n; l++) {
                    gyS[k * n + l] += g * sim[j * n + l];
                }
            }
            for (int l = 0; l < n; l++) {
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    double g = gx[j * n + l];
                    if (g != 0) {
                        acc += sim[k * n + j] * g;
                    }
                }
                sGx[k * n + l] = acc;
            }
        }
        double sumSq = 0;
        for (int i = 0; i < n * n; i++) {
            sumSq += gyS[i] * sGx[i];
        }
        double count = (double) geometry.originalHeight() * geometry.originalWidth();
        double mean = sum / count;
        double var = count > 1 ? Math.max(0, (sumSq - count * mean * mean) / (count - 1)) : 0;
        double std = Math.sqrt(var);

        AxisResampling ry = ax.rows.resampledTo(GRID);
        AxisResampling rx = ax.cols.resampledTo(GRID);
        float[] out = new float[GRID * GRID];
        double[] rowMix = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            java.util.Arrays.fill(rowMix, 0);
            for (int a = 0; a < ry.span(); a++) {
                double w = ry.weight(i, a);
                if (w == 0) {
                    continue;
                }
                int k = ry.start(i) + a;
                for (int l = 0; l < n; l++) {
                    rowMix[l] += w * sim[k * n + l];
                }
            }
            for (int j = 0; j < GRID; j++) {
                double v = 0;
                for (int b = 0; b < rx.span(); b++) {
                    double w = rx.weight(j, b);
                    if (w != 0) {
                        v += w * rowMix[rx.start(j) + b];
                    }
                }
                // A constant map has no spread to standardise (torch would give NaN): treat it as neutral.
                double z = std > 0 ? (v - mean) / std : 0;
                out[i * GRID + j] = (float) (1 / (1 + Math.exp(-z)));
            }
        }
        return out;
    }

    /** The full-size map's value at original pixel (x, y), from the grid. */
    public float valueAt(int x, int y) {
        Axes ax = axes();
        return (float) value(ax, y, x, 1);
    }

    private double value(Axes ax, int y, int x, double sign) {
        AxisResampling r = ax.rows;
        AxisResampling c = ax.cols;
        int ry = r.start(y);
        int cx = c.start(x);
        double v = 0;
        for (int a = 0; a < r.span(); a++) {
            double wa = r.weight(y, a);
            if (wa == 0) {
                continue;
            }
            int base = (ry + a) * GRID + cx;
            double h = 0;
            for (int b = 0; b < c.span(); b++) {
                h += c.weight(x, b) * sim[base + b];
            }
            v += wa * h;
        }
        return sign * v;
    }

    /**
     * Exact extremum of the full-size map without materialising it: each full-size value is a
     * convex combination of the grid cells its row and column read, so no pixel can exceed the
     * grid maximum, and only pixels reading a cell at least as high as the best value found so far
     * can beat it. Those pixels are evaluated; everything else is pruned.
     */
    private MapExtremum extremum(boolean minimum) {
        Axes ax = axes();
        double sign = minimum ? -1 : 1;
        // Grid cells under the padding are never read by an original pixel; they cannot be extrema.
        int best = -1;
        for (int i = 0; i < sim.length; i++) {
            if (ax.visible(i) && (best < 0 || sign * sim[i] > sign * sim[best])) {
                best = i;
            }
        }
        int w = geometry.originalWidth();
        long bestIndex = Long.MAX_VALUE;
        double bestValue = Double.NEGATIVE_INFINITY;
        // Start with the pixels reading the best grid cell: they give a tight lower bound.
        double[] found = scanCell(ax, best / GRID, best % GRID, sign, w, bestValue, bestIndex);
        bestValue = found[0];
        bestIndex = (long) found[1];

        int candidates = 0;
        for (int i = 0; i < sim.length; i++) {
            if (ax.visible(i) && sign * sim[i] >= bestValue - PRUNE_SLACK) {
                candidates++;
            }
        }
        if (candidates > MAX_CANDIDATE_CELLS) {
            // A near-flat map: fall back to scanning every pixel once, row by row.
            for (int y = 0; y < geometry.originalHeight(); y++) {
                for (int x = 0; x < w; x++) {
                    double v = value(ax, y, x, sign);
                    long idx = (long) y * w + x;
                    if (v > bestValue || (v == bestValue && idx < bestIndex)) {
                        bestValue = v;
                        bestIndex = idx;
                    }
                }
            }
        } else {
            double bound = bestValue - PRUNE_SLACK;
            for (int cell = 0; cell < sim.length; cell++) {
                if (cell != best && ax.visible(cell) && sign * sim[cell] >= bound) {
                    found = scanCell(ax, cell / GRID, cell % GRID, sign, w, bestValue, bestIndex);
                    bestValue = found[0];
                    bestIndex = (long) found[1];
                }
            }
        }
        int y = (int) (bestIndex / w);
        int x = (int) (bestIndex % w);
        return new MapExtremum(x, y, (float) (sign * bestValue));
    }

    private double[] scanCell(Axes ax, int gy, int gx, double sign, int w, double bestValue, long bestIndex) {
        int y0 = ax.rowRanges[0][gy];
        int y1 = ax.rowRanges[1][gy];
        int x0 = ax.colRanges[0][gx];
        int x1 = ax.colRanges[1][gx];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double v = value(ax, y, x, sign);
                long idx = (long) y * w + x;
                if (v > bestValue || (v == bestValue && idx < bestIndex)) {
                    bestValue = v;
                    bestIndex = idx;
                }
            }
        }
        return new double[] {bestValue, bestIndex};
    }

    private Axes axes() {
        Axes a = axes;
        if (a == null) {
            a = new Axes(geometry);
            axes = a;
        }
        return a;
    }

    /** Per-axis maps grid → original pixels: ×4, 256 → inputSize (keeping the resized part), resized → original. */
    private static final class Axes {
        final AxisResampling rows;
        final AxisResampling cols;
        final int[][] rowRanges;
        final int[][] colRanges;

        Axes(ResizeGeometry g) {
            rows = chain(g.resizedHeight(), g.originalHeight(), g.inputSize());
            cols = chain(g.resizedWidth(), g.originalWidth(), g.inputSize());
            rowRanges = rows.outputRanges();
            colRanges = cols.outputRanges();
        }

        boolean visible(int cell) {
            return rowRanges[1][cell / GRID] >= 0 && colRanges[1][cell % GRID] >= 0;
        }

        private static AxisResampling chain(int resized, int original, int inputSize) {
            int low = GRID * UPSAMPLE;
            return AxisResampling.bilinear(GRID, low, low)
                    .then(AxisResampling.bilinear(low, inputSize, resized))
                    .then(AxisResampling.bilinear(resized, original, original));
        }
    }

    /** A point of the full-size map in original pixels (x right, y down) and its cosine value. */
    public record MapExtremum(int x, int y, float value) {
    }
}
