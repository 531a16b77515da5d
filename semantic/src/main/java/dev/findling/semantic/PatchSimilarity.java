package dev.findling.semantic;

import dev.findling.models.clip.DenseFeatures;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Cosine similarity between every dense patch vector and each class's unit text embedding
 * (docs/ARCHITECTURE.md §4 step 2). A zero patch vector (the reference encoder's padding patches) has similarity 0
 * to everything.
 */
final class PatchSimilarity {
    private static final float ZERO_NORM = 1e-12f;

    private PatchSimilarity() {
    }

    /** {@code [class][gy · w + gx]} cosines. */
    static float[][] cosines(DenseFeatures features, List<float[]> unitTextEmbeddings) {
        int d = features.dimension();
        int cells = features.gridHeight() * features.gridWidth();
        float[] values = new float[d * cells];
        FloatBuffer buffer = features.values();
        buffer.get(values);
        float[] inverseNorm = new float[cells];
        for (int c = 0; c < d; c++) {
            int o = c * cells;
            for (int p = 0; p < cells; p++) {
                float v = values[o + p];
                inverseNorm[p] += v * v;
            }
        }
        for (int p = 0; p < cells; p++) {
            inverseNorm[p] = inverseNorm[p] > ZERO_NORM ? (float) (1 / Math.sqrt(inverseNorm[p])) : 0f;
        }
        float[][] out = new float[unitTextEmbeddings.size()][cells];
        for (int k = 0; k < out.length; k++) {
            float[] t = unitTextEmbeddings.get(k);
            if (t.length != d) {
                throw new IllegalArgumentException("text embedding has " + t.length + " dimensions but the dense features have " + d
                        + "; the text and dense encoders of a pack must share one space");
            }
            float[] cos = out[k];
            for (int c = 0; c < d; c++) {
                float w = t[c];
                if (w == 0f) {
                    continue;
                }
                int o = c * cells;
                for (int p = 0; p < cells; p++) {
                    cos[p] += w * values[o + p];
                }
            }
            for (int p = 0; p < cells; p++) {
                cos[p] *= inverseNorm[p];
            }
        }
        return out;
    }
}
