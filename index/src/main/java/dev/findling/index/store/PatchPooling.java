package dev.findling.index.store;

import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.geometry.ResizeGeometry;

import java.util.ArrayList;
import java.util.List;

/**
 * Pools a SAM embedding (C×64×64) into a coarse grid of unit vectors, one per cell.
 *
 * <p>Why normalise before averaging: PerSAM's location confidence is {@code target_feat · normalize(feat[i])}
 * per embedding cell, so the mean of normalised cells makes {@code target_feat · pooled} the mean
 * confidence over the patch — the index ranks by the same quantity PerSAM later computes exactly.
 * Only cells that cover the image are pooled; the zero padding SAM adds at the bottom and right
 * would otherwise dilute patches along those edges. Images whose covered region is narrower than the
 * grid get fewer rows or columns.
 */
public final class PatchPooling {
    private PatchPooling() {
    }

    /** The patch layout for an embedding: rows and columns actually used. */
    public record Layout(int rows, int cols, int coveredRows, int coveredCols) {
    }

    public static Layout layout(ImageEmbedding e, int grid) {
        ResizeGeometry g = e.geometry();
        // Cells of the embedding grid that see image pixels (the rest is padding).
        int coveredRows = Math.max(1, Math.min(e.gridHeight(),
                (int) Math.ceil(g.resizedHeight() * (double) e.gridHeight() / g.inputSize())));
        int coveredCols = Math.max(1, Math.min(e.gridWidth(),
                (int) Math.ceil(g.resizedWidth() * (double) e.gridWidth() / g.inputSize())));
        return new Layout(Math.min(grid, coveredRows), Math.min(grid, coveredCols), coveredRows, coveredCols);
    }

    public static List<PatchVector> pool(ImageEmbedding e, int grid) {
        Layout layout = layout(e, grid);
        int c = e.channels();
        int h = e.gridHeight();
        int w = e.gridWidth();
        float[] features = e.copyFeatures();
        // Per-cell inverse norms over channels.
        float[] invNorm = new float[h * w];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int i = 0; i < h * w; i++) {
                float v = features[base + i];
                invNorm[i] += v * v;
            }
        }
        for (int i = 0; i < invNorm.length; i++) {
            invNorm[i] = invNorm[i] > 0 ? (float) (1.0 / Math.sqrt(invNorm[i])) : 0f;
        }
        List<PatchVector> out = new ArrayList<>(layout.rows() * layout.cols());
        for (int r = 0; r < layout.rows(); r++) {
            int y0 = r * layout.coveredRows() / layout.rows();
            int y1 = (r + 1) * layout.coveredRows() / layout.rows();
            for (int col = 0; col < layout.cols(); col++) {
                int x0 = col * layout.coveredCols() / layout.cols();
                int x1 = (col + 1) * layout.coveredCols() / layout.cols();
                float[] v = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    int base = ch * h * w;
                    double sum = 0;
                    for (int y = y0; y < y1; y++) {
                        int row = base + y * w;
                        for (int x = x0; x < x1; x++) {
                            sum += features[row + x] * invNorm[y * w + x];
                        }
                    }
                    v[ch] = (float) sum;
                }
                if (VectorMath.normalizeInPlace(v)) {
                    out.add(new PatchVector(r, col, v));
                }
            }
        }
        return out;
    }
}
