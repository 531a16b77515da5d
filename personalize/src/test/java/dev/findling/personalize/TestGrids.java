package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.geometry.ResizeGeometry;

import java.util.SplittableRandom;

/** Hand-made grids, logits and embeddings for tests that need no model. */
final class TestGrids {
    private TestGrids() {
    }

    /** A smooth random 64×64 field: a sum of a few Gaussian bumps plus small noise (no exact ties). */
    static float[] smoothField(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = LocationConfidenceMap.GRID;
        float[] f = new float[n * n];
        int bumps = 3 + r.nextInt(4);
        double[][] b = new double[bumps][4];
        for (double[] bump : b) {
            bump[0] = r.nextDouble() * n;
            bump[1] = r.nextDouble() * n;
            bump[2] = 2 + r.nextDouble() * 10;
            bump[3] = r.nextDouble() * 2 - 1;
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = 0;
                for (double[] bump : b) {
                    double dx = x - bump[0], dy = y - bump[1];
                    v += bump[3] * Math.exp(-(dx * dx + dy * dy) / (2 * bump[2] * bump[2]));
                }
                f[y * n + x] = (float) (v + 0.01 * r.nextDouble());
            }
        }
        return f;
    }

    /** Low-res 256² logits of an ellipse in the padded 1024 frame: positive inside, negative outside, ramped. */
    static float[] ellipseLogits(double cx, double cy, double rx, double ry, double steepness) {
        int n = 256;
        float[] f = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
                double d = Math.sqrt(dx * dx + dy * dy);
                f[y * n + x] = (float) (steepness * (1 - d) * Math.min(rx, ry));
            }
        }
        return f;
    }

    /** An embedding whose cells inside {@code on} hold vector a and the others vector b (C = 8). */
    static ImageEmbedding twoVectorEmbedding(boolean[] on, float[] a, float[] b, ResizeGeometry g, String packId) {
        int c = a.length;
        int n = LocationConfidenceMap.GRID;
        float[] f = new float[c * n * n];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n * n; i++) {
                f[ch * n * n + i] = on[i] ? a[ch] : b[ch];
            }
        }
        return new ImageEmbedding(packId, c, n, n, f, g);
    }

    /** A filled axis-aligned rectangle mask. */
    static BinaryMask rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] b = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                b[y * w + x] = 1;
            }
        }
        return BinaryMask.wrap(w, h, b);
    }
}
