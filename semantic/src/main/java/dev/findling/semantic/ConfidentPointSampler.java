package dev.findling.semantic;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks 1–3 positive prompt points for one class from its coarse region on the 256×256 low-res grid
 * (docs/ARCHITECTURE.md §4 step 3). SAM is most reliable with clicks well inside an object, so points are chosen by
 * depth: the first is the cell deepest inside the region (chamfer distance to the nearest non-region
 * cell, weighted by the class probability); each further point is the deepest cell at least one
 * first-point depth away from the points already chosen and at least half as deep — which spreads points
 * over a large region and reaches separate instances, but never puts one on a thin sliver or an edge.
 */
final class ConfidentPointSampler {
    private static final int SIDE = GridResampler.LOW_RES;
    /** Chamfer weights for 4- and 8-neighbours (3-4 chamfer ≈ Euclidean distance × 3). */
    private static final int STRAIGHT = 3;
    private static final int DIAGONAL = 4;

    private ConfidentPointSampler() {
    }

    /** Cell indices (j · 256 + i), best first; empty when the region is empty. */
    static List<Integer> sample(boolean[] region, float[] probability, int maxPoints) {
        int[] depth = chamferDepth(region);
        List<Integer> chosen = new ArrayList<>();
        int first = argmax(depth, probability, region, chosen, 0, 0);
        if (first < 0) {
            return chosen;
        }
        chosen.add(first);
        int firstDepth = depth[first];
        while (chosen.size() < maxPoints) {
            int next = argmax(depth, probability, region, chosen, Math.max(firstDepth, 2 * STRAIGHT), (firstDepth + 1) / 2);
            if (next < 0) {
                break;
            }
            chosen.add(next);
        }
        return chosen;
    }

    private static int argmax(int[] depth, float[] probability, boolean[] region, List<Integer> chosen, int minSeparation,
                              int minDepth) {
        int best = -1;
        double bestScore = -1;
        for (int c = 0; c < region.length; c++) {
            if (!region[c] || depth[c] < Math.max(minDepth, 1)) {
                continue;
            }
            if (!farFrom(c, chosen, minSeparation)) {
                continue;
            }
            double score = depth[c] * (double) probability[c];
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** Whether cell c is at least {@code separation} (chamfer units) from every chosen cell. */
    private static boolean farFrom(int c, List<Integer> chosen, int separation) {
        int x = c % SIDE;
        int y = c / SIDE;
        for (int o : chosen) {
            double dx = x - o % SIDE;
            double dy = y - o / SIDE;
            if (Math.sqrt(dx * dx + dy * dy) * STRAIGHT < separation) {
                return false;
            }
        }
        return true;
    }

    /** Two-pass 3-4 chamfer distance from each region cell to the nearest non-region cell; the frame border does not count. */
    static int[] chamferDepth(boolean[] region) {
        int inf = Integer.MAX_VALUE / 4;
        int[] d = new int[region.length];
        for (int c = 0; c < d.length; c++) {
            d[c] = region[c] ? inf : 0;
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int c = y * SIDE + x;
                if (d[c] == 0) {
                    continue;
                }
                int v = d[c];
                if (x > 0) v = Math.min(v, d[c - 1] + STRAIGHT);
                if (y > 0) {
                    v = Math.min(v, d[c - SIDE] + STRAIGHT);
                    if (x > 0) v = Math.min(v, d[c - SIDE - 1] + DIAGONAL);
                    if (x < SIDE - 1) v = Math.min(v, d[c - SIDE + 1] + DIAGONAL);
                }
                d[c] = v;
            }
        }
        for (int y = SIDE - 1; y >= 0; y--) {
            for (int x = SIDE - 1; x >= 0; x--) {
                int c = y * SIDE + x;
                if (d[c] == 0) {
                    continue;
                }
                int v = d[c];
                if (x < SIDE - 1) v = Math.min(v, d[c + 1] + STRAIGHT);
                if (y < SIDE - 1) {
                    v = Math.min(v, d[c + SIDE] + STRAIGHT);
                    if (x < SIDE - 1) v = Math.min(v, d[c + SIDE + 1] + DIAGONAL);
                    if (x > 0) v = Math.min(v, d[c + SIDE - 1] + DIAGONAL);
                }
                d[c] = v;
            }
        }
        // A region that fills the whole frame has no boundary: give it a uniform depth so the probability decides.
        for (int c = 0; c < d.length; c++) {
            if (d[c] >= inf) {
                d[c] = SIDE * STRAIGHT;
            }
        }
        return d;
    }
}
