package dev.findling.index;

import dev.findling.index.store.PatchVector;
import dev.findling.index.store.VectorMath;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic patch vectors with the structure of real SAM patch features: a library of images, each
 * showing a few "objects" (shared cluster centres) over its own background, so patches of different
 * images that show the same object are close and a concept query has many near neighbours. Used by
 * the recall test and the benchmark; brute force over the same vectors is the ground truth.
 */
public final class ClusteredVectors {
    public final int dim;
    public final float[][] centres;
    private final long seed;

    public ClusteredVectors(int dim, int clusters, long seed) {
        this.dim = dim;
        this.seed = seed;
        Random r = new Random(seed);
        centres = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = gaussianUnit(r, dim);
        }
    }

    /** A random unit vector, uniform on the sphere. */
    public static float[] gaussianUnit(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        VectorMath.normalizeInPlace(v);
        return v;
    }

    /** The patches of image {@code index} on a grid×grid layout (deterministic per index). */
    public List<PatchVector> image(int index, int grid) {
        Random r = new Random(seed * 1_000_003L + index);
        float[] background = gaussianUnit(r, dim);
        int objects = 1 + r.nextInt(4);
        int[] ids = new int[objects];
        for (int i = 0; i < objects; i++) {
            ids[i] = r.nextInt(centres.length);
        }
        List<PatchVector> out = new ArrayList<>(grid * grid);
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                float[] v = new float[dim];
                // Each patch mixes background, at most one object (with a varying share) and noise.
                double objectShare = r.nextDouble() < 0.5 ? 0 : 0.3 + 0.7 * r.nextDouble();
                float[] obj = centres[ids[r.nextInt(objects)]];
                for (int i = 0; i < dim; i++) {
                    v[i] = (float) ((1 - objectShare) * background[i] + objectShare * obj[i] + 0.04 * r.nextGaussian());
                }
                VectorMath.normalizeInPlace(v);
                out.add(new PatchVector(row, col, v));
            }
        }
        return out;
    }

    /** A concept query near one cluster centre, like a target_feat from a reference mask. */
    public float[] query(int index) {
        Random r = new Random(seed * 7919L + index + 17);
        float[] c = centres[r.nextInt(centres.length)];
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) {
            q[i] = (float) (c[i] + 0.05 * r.nextGaussian());
        }
        VectorMath.normalizeInPlace(q);
        return q;
    }

    /** Exact best-patch score per image. */
    public static float bestPatch(List<PatchVector> patches, float[] q) {
        float best = -2;
        for (PatchVector p : patches) {
            best = Math.max(best, VectorMath.dot(p.vector(), q));
        }
        return best;
    }
}
