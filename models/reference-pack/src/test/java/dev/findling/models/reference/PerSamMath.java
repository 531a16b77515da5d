package dev.findling.models.reference;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.geometry.ResizeGeometry;

/** docs/ARCHITECTURE.md §3's PerSAM reference/test-side steps, minimally, to feed the persam decoder in tests. */
final class PerSamMath {
    record Located(PointPrompt positive, PointPrompt negative, float[] attnSim) {
    }

    private PerSamMath() {
    }

    /** Mean raw feature of the cells whose centre lies in the mask (mask pooled through the SAM geometry). */
    static float[] targetEmbedding(ImageEmbedding e, BinaryMask mask) {
        ResizeGeometry g = e.geometry();
        float[] sum = new float[256];
        int n = 0;
        for (int gy = 0; gy < 64; gy++) {
            for (int gx = 0; gx < 64; gx++) {
                int x = Math.round(g.xToOriginal(gx * 16 + 8));
                int y = Math.round(g.yToOriginal(gy * 16 + 8));
                if (x < mask.width() && y < mask.height() && mask.get(x, y)) {
                    for (int c = 0; c < 256; c++) {
                        sum[c] += e.feature(c, gy, gx);
                    }
                    n++;
                }
            }
        }
        for (int c = 0; c < 256; c++) {
            sum[c] /= n;
        }
        return sum;
    }

    static Located locate(ImageEmbedding e, float[] target) {
        ResizeGeometry g = e.geometry();
        double tn = 0;
        for (float v : target) {
            tn += v * v;
        }
        tn = Math.sqrt(tn);
        float[] sim = new float[4096];
        int best = 0;
        int worst = 0;
        double mean = 0;
        int valid = 0;
        for (int i = 0; i < 4096; i++) {
            int gx = i % 64;
            int gy = i / 64;
            if (gx * 16 + 8 >= g.resizedWidth() || gy * 16 + 8 >= g.resizedHeight()) {
                sim[i] = Float.NaN;
                continue;
            }
            double d = 0;
            double fn = 0;
            for (int c = 0; c < 256; c++) {
                float f = e.feature(c, gy, gx);
                d += f * target[c];
                fn += f * f;
            }
            sim[i] = (float) (d / (tn * Math.sqrt(fn)));
            if (Float.isNaN(sim[best]) || sim[i] > sim[best]) best = i;
            if (Float.isNaN(sim[worst]) || sim[i] < sim[worst]) worst = i;
            mean += sim[i];
            valid++;
        }
        mean /= valid;
        double var = 0;
        for (float s : sim) {
            if (!Float.isNaN(s)) var += (s - mean) * (s - mean);
        }
        double std = Math.sqrt(var / valid) + 1e-6;
        float[] attn = new float[4096];
        for (int i = 0; i < 4096; i++) {
            double z = Float.isNaN(sim[i]) ? -3 : (sim[i] - mean) / std;
            attn[i] = (float) (1 / (1 + Math.exp(-z)));
        }
        PointPrompt pos = PointPrompt.positive(g.xToOriginal(best % 64 * 16 + 8), g.yToOriginal(best / 64 * 16 + 8));
        PointPrompt neg = PointPrompt.negative(g.xToOriginal(worst % 64 * 16 + 8), g.yToOriginal(worst / 64 * 16 + 8));
        return new Located(pos, neg, attn);
    }
}
