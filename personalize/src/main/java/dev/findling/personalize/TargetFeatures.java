package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.ImageEmbedding;

import java.nio.FloatBuffer;

/**
 * The reference side of PerSAM: the masked reference features' mean ({@code target_embedding}) and
 * its L2-normalised form ({@code target_feat}).
 *
 * @param targetFeatUnit    L2-normalised mean
 * @param targetEmbedding   mean, not normalised
 * @param persamFFeatUnit   PerSAM-F's location feature: L2-normalised {@code max/2 + mean/2} (element-wise maximum
 *                          over the same cells), as the authors' {@code persam_f.py} computes it
 * @param cellsUsed         how many grid cells were averaged
 * @param selectedCells     the 64×64 cells the features were taken from, row-major
 */
record TargetFeatures(float[] targetFeatUnit, float[] targetEmbedding, float[] persamFFeatUnit, int cellsUsed,
                      boolean[] selectedCells) {

    static TargetFeatures compute(ImageEmbedding reference, BinaryMask mask) {
        if (mask.width() != reference.geometry().originalWidth() || mask.height() != reference.geometry().originalHeight()) {
            throw new MaskSizeMismatchException(mask.width(), mask.height(),
                    reference.geometry().originalWidth(), reference.geometry().originalHeight());
        }
        if (mask.isEmpty()) {
            throw new EmptyMaskException(mask.width(), mask.height());
        }
        int grid = FeatureGridMask.GRID;
        if (reference.gridHeight() != grid || reference.gridWidth() != grid) {
            throw new IllegalArgumentException("PerSAM needs a 64×64 embedding grid but the reference's is "
                    + reference.gridWidth() + "×" + reference.gridHeight());
        }
        int cells = grid * grid;
        float[] weight = new float[cells];
        boolean[] selected = FeatureGridMask.selectedCells(mask, reference.geometry());
        int used = 0;
        for (int i = 0; i < cells; i++) {
            if (selected[i]) {
                weight[i] = 1f;
                used++;
            }
        }
        if (used == 0) {
            // The authors' rule selects nothing for a mask thinner than the cells' sample points (their code then
            // averages an empty set into NaN). Fall back to the cells the mask touches, weighted by coverage.
            weight = FeatureGridMask.coverage(mask, reference.geometry());
            for (float w : weight) {
                if (w > 0) {
                    used++;
                }
            }
        }
        int c = reference.channels();
        FloatBuffer f = reference.features();
        float[] plane = new float[cells];
        float[] mean = new float[c];
        float[] max = new float[c];
        double total = 0;
        for (float w : weight) {
            total += w;
        }
        for (int ch = 0; ch < c; ch++) {
            f.get(ch * cells, plane, 0, cells);
            double acc = 0;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < cells; i++) {
                if (weight[i] != 0) {
                    acc += weight[i] * plane[i];
                    m = Math.max(m, plane[i]);
                }
            }
            mean[ch] = (float) (acc / total);
            max[ch] = m;
        }
        double norm = 0;
        for (float v : mean) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            throw new InvalidReferenceException("the masked reference features are all zero; the encoder sees nothing under the mask");
        }
        float[] unit = new float[c];
        for (int i = 0; i < c; i++) {
            unit[i] = (float) (mean[i] / norm);
        }
        float[] maxMean = new float[c];
        for (int i = 0; i < c; i++) {
            maxMean[i] = max[i] / 2 + mean[i] / 2;
        }
        boolean[] cellsTaken = new boolean[cells];
        for (int i = 0; i < cells; i++) {
            cellsTaken[i] = weight[i] != 0;
        }
        return new TargetFeatures(unit, mean, unit(maxMean), used, cellsTaken);
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0f : (float) (v[i] / norm);
        }
        return out;
    }
}
