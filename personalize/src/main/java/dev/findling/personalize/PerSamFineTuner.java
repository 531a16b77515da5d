package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.geometry.ResizeGeometry;

/**
 * PerSAM-F (docs/ARCHITECTURE.md §3): with SAM frozen, learn the two scale weights that mix the decoder's three
 * multimask logit maps of the reference so that the mix fits the reference mask, under dice +
 * sigmoid focal loss (α 0.25, γ 2), AdamW (lr 1e-3, torch's default weight decay 0.01, the
 * authors' eps 1e-4), cosine-annealed over 1000 steps.
 *
 * <p>The logits never change during the fit, so the loss is a sum over pixels of functions of
 * {@code z = m1 + w1·(m2 − m1) + w2·(m3 − m1)} and its gradient is analytic; the fit runs in
 * plain Java on precomputed logits.
 *
 * <p><b>Resolution.</b> The authors fit on full-size logits: a 1.6 MP reference is 1.6 M pixels at each of
 * the 1000 steps. {@link Resolution#SAMPLED}, the default, evaluates the same full-size logits at about 50 000
 * pixels, one per block at a fixed pseudo-random place, weighted by the block's size; on the real-architecture
 * fixtures it lands within 0.007 of the authors' weights at block sides 4–8 (within 0.002 at the default),
 * against 0.2 for {@link Resolution#LOW_RES}, which fits on the decoder's own 256² logits with soft targets:
 * that is close only where the logits are smooth between low-res cells (see {@code PerSamFineTunerTest} and
 * {@code PerSamAuthorsEquivalenceTest}).
 *
 * <p><b>Pruning.</b> A pixel whose logit stays saturated on the right side (|z| ≥ 16) contributes
 * nothing measurable to the gradient (σ' &lt; 1.2e-7) and a constant to the dice sums; one
 * saturated on the wrong side contributes the constant focal gradient ∓α_t. Every
 * {@value #WINDOW} steps the samples are reclassified at the current weights, keeping as saturated
 * only those that cannot leave saturation within the window given the largest step AdamW can take
 * (|Δw| ≤ 7.5·lr per step, from |m̂|/√v̂ ≤ (1−β1)/√((1−β2)(1−β1²/β2)) ≈ 7.3). SAM's logits
 * saturate away from object edges, so most pixels drop out; the reference pack's gentler logits do
 * not, and there the {@link SigmoidTable} keeps the per-pixel cost at a few nanoseconds.
 */
public final class PerSamFineTuner {
    public static final int STEPS = 1000;
    public static final double LEARNING_RATE = 1e-3;
    /** torch.optim.AdamW's default weight decay (the authors do not set one). */
    public static final double WEIGHT_DECAY = 0.01;
    /** The authors pass eps=1e-4 to AdamW. */
    public static final double ADAM_EPS = 1e-4;
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    /** Focal loss constants from RetinaNet, as the authors use them. */
    public static final double FOCAL_ALPHA = 0.25;
    public static final double FOCAL_GAMMA = 2;

    static final int WINDOW = 20;
    private static final double SATURATED = 16;
    private static final double MAX_STEP_PER_LR = 7.5;

    /** Which logits the loss is evaluated on. */
    public enum Resolution {
        /** The decoder's 256² logits inside the image area, cells weighted by the pixels they cover. */
        LOW_RES,
        /** The logits at the original image size, as the authors fit. */
        FULL_SIZE,
        /**
         * The full-size logits at one pixel of every block of {@link #sampleStride} pixels square (at a fixed
         * pseudo-random place in the block), weighted by the block's size: the authors' full-size sums estimated
         * from about {@value #SAMPLE_BUDGET} pixels. The default.
         */
        SAMPLED
    }

    /** About this many full-size pixels are sampled by {@link Resolution#SAMPLED}. */
    static final int SAMPLE_BUDGET = 50_000;

    /** The block side {@link Resolution#SAMPLED} uses for an image of this size. */
    static int sampleStride(int width, int height) {
        return Math.max(1, (int) Math.ceil(Math.sqrt((double) width * height / SAMPLE_BUDGET)));
    }

    private PerSamFineTuner() {
    }

    /**
     * Fits the weights to the reference mask.
     *
     * @param multimask     the decoder's result for the reference prompted with its top-1 positive point
     *                      (masks 1–3 are the multimask outputs)
     * @param referenceMask the reference mask at the original size
     */
    public static MaskMixingWeights fit(DecoderResult multimask, BinaryMask referenceMask, Resolution resolution) {
        ResizeGeometry g = multimask.geometry();
        if (referenceMask.width() != g.originalWidth() || referenceMask.height() != g.originalHeight()) {
            throw new MaskSizeMismatchException(referenceMask.width(), referenceMask.height(), g.originalWidth(), g.originalHeight());
        }
        Samples s = switch (resolution) {
            case LOW_RES -> lowResSamples(multimask, referenceMask);
            case FULL_SIZE -> fullSizeSamples(multimask, referenceMask);
            case SAMPLED -> sampledSamples(multimask, referenceMask, sampleStride(g.originalWidth(), g.originalHeight()));
        };
        return optimise(s).weights();
    }

    /**
     * The three candidates PerSAM-F mixes: SAM's multimask tokens 1–3, EfficientSAM's candidates 0–2.
     *
     * @throws FineTuningUnsupportedException when the decoder returns fewer than three multimask candidates
     */
    static int[] mixedCandidates(DecoderResult r) {
        int[] multimask = r.multimaskIndices();
        if (multimask.length < 3) {
            throw new FineTuningUnsupportedException("this", multimask.length);
        }
        return new int[]{multimask[0], multimask[1], multimask[2]};
    }

    /** Logits and targets to fit: z_i = a_i + w1·b_i + w2·c_i against target t_i with weight n_i. */
    record Samples(float[] a, float[] b, float[] c, float[] t, float[] n) {
        int size() {
            return a.length;
        }
    }

    /** Final weights and the loss at those weights (dice + focal). */
    record FitResult(MaskMixingWeights weights, double loss) {
    }

    static Samples lowResSamples(DecoderResult r, BinaryMask mask) {
        ResizeGeometry g = r.geometry();
        int side = DecoderPrompt.LOW_RES_SIDE;
        int cellSize = g.inputSize() / side;
        int w = g.originalWidth();
        int h = g.originalHeight();
        int[] cellX = new int[w];
        for (int x = 0; x < w; x++) {
            cellX[x] = Math.min(side - 1, (int) (g.xToInputFrame(x + 0.5f) / cellSize));
        }
        int[] cellY = new int[h];
        for (int y = 0; y < h; y++) {
            cellY[y] = Math.min(side - 1, (int) (g.yToInputFrame(y + 0.5f) / cellSize));
        }
        int[] count = new int[side * side];
        int[] on = new int[side * side];
        for (int y = 0; y < h; y++) {
            int row = cellY[y] * side;
            for (int x = 0; x < w; x++) {
                int cell = row + cellX[x];
                count[cell]++;
                if (mask.get(x, y)) {
                    on[cell]++;
                }
            }
        }
        int n = 0;
        for (int v : count) {
            if (v > 0) {
                n++;
            }
        }
        int[] mixed = mixedCandidates(r);
        float[] m1 = r.lowResLogits(mixed[0]);
        float[] m2 = r.lowResLogits(mixed[1]);
        float[] m3 = r.lowResLogits(mixed[2]);
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        float[] t = new float[n];
        float[] wt = new float[n];
        int k = 0;
        for (int i = 0; i < count.length; i++) {
            if (count[i] == 0) {
                continue;
            }
            a[k] = m1[i];
            b[k] = m2[i] - m1[i];
            c[k] = m3[i] - m1[i];
            t[k] = on[i] / (float) count[i];
            wt[k] = count[i];
            k++;
        }
        return new Samples(a, b, c, t, wt);
    }

    /**
     * Every {@code stride}-th full-size pixel in both axes, standing for the stride×stride block around it (its
     * weight is the block's pixel count, its target its own mask bit): the full-size sums the authors' loss takes,
     * estimated from a regular sample.
     */
    static Samples sampledSamples(DecoderResult r, BinaryMask mask, int stride) {
        ResizeGeometry g = r.geometry();
        int w = g.originalWidth();
        int h = g.originalHeight();
        int[] mixed = mixedCandidates(r);
        float[] m1 = new OriginalSizeLogits(r.lowResLogits(mixed[0]), g).all();
        float[] m2 = new OriginalSizeLogits(r.lowResLogits(mixed[1]), g).all();
        float[] m3 = new OriginalSizeLogits(r.lowResLogits(mixed[2]), g).all();
        int nx = (w + stride - 1) / stride;
        int ny = (h + stride - 1) / stride;
        int n = nx * ny;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        float[] t = new float[n];
        float[] wt = new float[n];
        int k = 0;
        for (int by = 0; by < ny; by++) {
            int y0 = by * stride;
            int bh = Math.min(stride, h - y0);
            for (int bx = 0; bx < nx; bx++) {
                int x0 = bx * stride;
                int bw = Math.min(stride, w - x0);
                // One pixel per block at a fixed pseudo-random place: a regular lattice would alias with the
                // decoder's 256² grid (about 5 original pixels apart in a 1.6 MP photo) and bias the sums.
                long hash = mix(by * 0x9E3779B97F4A7C15L + bx);
                int y = y0 + (int) Long.remainderUnsigned(hash, bh);
                int i = y * w + x0 + (int) Long.remainderUnsigned(hash >>> 32, bw);
                a[k] = m1[i];
                b[k] = m2[i] - m1[i];
                c[k] = m3[i] - m1[i];
                t[k] = mask.get(i) ? 1f : 0f;
                wt[k] = bw * bh;
                k++;
            }
        }
        return new Samples(a, b, c, t, wt);
    }

    /** SplitMix64's finaliser: a fixed, well-spread hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static Samples fullSizeSamples(DecoderResult r, BinaryMask mask) {
        int[] mixed = mixedCandidates(r);
        float[] m1 = new OriginalSizeLogits(r.lowResLogits(mixed[0]), r.geometry()).all();
        float[] m2 = new OriginalSizeLogits(r.lowResLogits(mixed[1]), r.geometry()).all();
        float[] m3 = new OriginalSizeLogits(r.lowResLogits(mixed[2]), r.geometry()).all();
        int n = m1.length;
        float[] b = new float[n];
        float[] c = new float[n];
        float[] t = new float[n];
        float[] wt = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = m2[i] - m1[i];
            c[i] = m3[i] - m1[i];
            t[i] = mask.get(i) ? 1f : 0f;
            wt[i] = 1f;
        }
        return new Samples(m1, b, c, t, wt);
    }

    /** AdamW with cosine annealing (torch's CosineAnnealingLR closed form, eta_min 0, T_max = STEPS). */
    static FitResult optimise(Samples s) {
        return optimise(s, true, true);
    }

    static FitResult optimise(Samples s, boolean prune) {
        return optimise(s, prune, true);
    }

    /**
     * {@code prune = false} evaluates every sample at every step and {@code table = false} uses
     * Math.exp/log1p: together the reference the fast fit is tested against.
     */
    static FitResult optimise(Samples s, boolean prune, boolean table) {
        double[] w = {1.0 / 3, 1.0 / 3};
        double[] m = new double[2];
        double[] v = new double[2];
        double totalWeight = 0;
        double targetSum = 0;
        for (int i = 0; i < s.size(); i++) {
            totalWeight += s.n[i];
            targetSum += s.n[i] * s.t[i];
        }
        Partition part = null;
        double[] grad = new double[2];
        for (int step = 0; step < STEPS; step++) {
            if (step % WINDOW == 0) {
                double windowLr = 0;
                for (int k = step; k < Math.min(STEPS, step + WINDOW); k++) {
                    windowLr += learningRate(k);
                }
                part = Partition.of(s, w, prune ? MAX_STEP_PER_LR * windowLr : Double.POSITIVE_INFINITY);
            }
            gradient(s, part, w, totalWeight, targetSum, grad, table);
            double lr = learningRate(step);
            int t = step + 1;
            double bc1 = 1 - Math.pow(BETA1, t);
            double bc2 = 1 - Math.pow(BETA2, t);
            for (int p = 0; p < 2; p++) {
                w[p] *= 1 - lr * WEIGHT_DECAY;
                m[p] = BETA1 * m[p] + (1 - BETA1) * grad[p];
                v[p] = BETA2 * v[p] + (1 - BETA2) * grad[p] * grad[p];
                double denom = Math.sqrt(v[p]) / Math.sqrt(bc2) + ADAM_EPS;
                w[p] -= lr / bc1 * m[p] / denom;
            }
        }
        return new FitResult(new MaskMixingWeights(w[0], w[1]), loss(s, w, totalWeight, targetSum));
    }

    /** The loss gradient at the free weights, every sample evaluated (for gradient checks). */
    static double[] gradient(Samples s, double[] w) {
        double total = 0, target = 0;
        for (int i = 0; i < s.size(); i++) {
            total += s.n[i];
            target += s.n[i] * s.t[i];
        }
        double[] out = new double[2];
        gradient(s, Partition.of(s, w, Double.POSITIVE_INFINITY), w, total, target, out, false);
        return out;
    }

    static double learningRate(int step) {
        return LEARNING_RATE * (1 + Math.cos(Math.PI * step / STEPS)) / 2;
    }

    /** Samples split into those evaluated each step and the saturated remainder, summarised by constants. */
    private record Partition(Samples active, double satSigmaSum, double satIntersection, double satGrad1, double satGrad2) {
        static Partition of(Samples s, double[] w, double maxDeltaW) {
            int[] idx = new int[s.size()];
            int k = 0;
            double sig = 0, inter = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < s.size(); i++) {
                float t = s.t[i];
                double z = s.a[i] + w[0] * s.b[i] + w[1] * s.c[i];
                double margin = Math.abs(z) - maxDeltaW * (Math.abs(s.b[i]) + Math.abs(s.c[i]));
                if ((t == 0f || t == 1f) && margin >= SATURATED && !Double.isNaN(margin)) {
                    double n = s.n[i];
                    boolean positive = z > 0;
                    if (positive == (t == 1f)) {
                        sig += n * t;
                        inter += n * t;
                    } else {
                        // Confidently wrong: σ ≈ 1 − t, focal gradient ≈ ±α_t.
                        sig += n * (1 - t);
                        double gz = t == 1f ? -FOCAL_ALPHA : (1 - FOCAL_ALPHA);
                        g1 += n * gz * s.b[i];
                        g2 += n * gz * s.c[i];
                    }
                } else {
                    idx[k++] = i;
                }
            }
            if (k == s.size()) {
                return new Partition(s, sig, inter, g1, g2);
            }
            // Copy the active samples together so the hot loop streams through memory.
            float[] a = new float[k], b = new float[k], c = new float[k], t = new float[k], n = new float[k];
            for (int j = 0; j < k; j++) {
                int i = idx[j];
                a[j] = s.a[i];
                b[j] = s.b[i];
                c[j] = s.c[i];
                t[j] = s.t[i];
                n[j] = s.n[i];
            }
            return new Partition(new Samples(a, b, c, t, n), sig, inter, g1, g2);
        }
    }

    /**
     * σ(z) and softplus(−z) = −log σ(z) on a grid of step 1/256 over [−32, 32], read with linear
     * interpolation (error &lt; 1e-6, below the float32 precision the authors fit in); outside the grid
     * the asymptotes are exact to double precision. Replaces one exp and one log per pixel and step,
     * which dominate the fit.
     */
    static final class SigmoidTable {
        static final double RANGE = 32;
        static final int PER_UNIT = 256;
        private static final int SIZE = (int) (2 * RANGE * PER_UNIT) + 2;
        // Interleaved (σ, −log σ) pairs so one lookup touches one cache line.
        private static final double[] TABLE = new double[2 * SIZE];

        static {
            for (int i = 0; i < SIZE; i++) {
                double z = i / (double) PER_UNIT - RANGE;
                double e = Math.exp(-Math.abs(z));
                TABLE[2 * i] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                TABLE[2 * i + 1] = Math.log1p(e) + (z < 0 ? -z : 0);
            }
        }

        /** Writes σ(z) to out[0] and −log σ(z) to out[1]. */
        static void eval(double z, double[] out) {
            double u = (z + RANGE) * PER_UNIT;
            if (u >= 0 && u < SIZE - 1) {
                int i = (int) u;
                double f = u - i;
                int k = 2 * i;
                out[0] = TABLE[k] + (TABLE[k + 2] - TABLE[k]) * f;
                out[1] = TABLE[k + 1] + (TABLE[k + 3] - TABLE[k + 1]) * f;
            } else {
                double e = Math.exp(-Math.abs(z));
                out[0] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                out[1] = Math.log1p(e) + (z < 0 ? -z : 0);
            }
        }
    }

    private static void gradient(Samples s, Partition part, double[] w, double totalWeight, double targetSum, double[] out) {
        gradient(s, part, w, totalWeight, targetSum, out, true);
    }

    private static void gradient(Samples s, Partition part, double[] w, double totalWeight, double targetSum, double[] out,
                                 boolean table) {
        double sigmaSum = part.satSigmaSum;
        double inter = part.satIntersection;
        double dS1 = 0, dS2 = 0, dI1 = 0, dI2 = 0;
        double f1 = part.satGrad1, f2 = part.satGrad2;
        Samples act = part.active;
        float[] a = act.a, b = act.b, c = act.c, tt = act.t, nn = act.n;
        double w1 = w[0], w2 = w[1];
        double[] sl = new double[2];
        for (int i = 0; i < a.length; i++) {
            double bi = b[i], ci = c[i];
            double z = a[i] + w1 * bi + w2 * ci;
            double t = tt[i];
            double n = nn[i];
            double p;
            double negLogP;
            if (table) {
                SigmoidTable.eval(z, sl);
                p = sl[0];
                negLogP = sl[1];
            } else {
                double e = Math.exp(-Math.abs(z));
                p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                negLogP = Math.log1p(e) + (z < 0 ? -z : 0);
            }
            double sp = p * (1 - p);
            // −log(1 − σ(z)) = −log σ(z) + z; binary cross-entropy with a (possibly soft) target.
            double ce = t * negLogP + (1 - t) * (negLogP + z);
            double pt = p * t + (1 - p) * (1 - t);
            double at = FOCAL_ALPHA * t + (1 - FOCAL_ALPHA) * (1 - t);
            double q = 1 - pt;
            // d/dz [α_t (1−p_t)^γ ce] with dp_t/dz = (2t−1)σ', dce/dz = σ − t (γ = 2).
            double gz = at * (-FOCAL_GAMMA * q * (2 * t - 1) * sp * ce + q * q * (p - t));
            double ng = n * gz;
            f1 += ng * bi;
            f2 += ng * ci;
            sigmaSum += n * p;
            inter += n * t * p;
            double nsp = n * sp;
            dS1 += nsp * bi;
            dS2 += nsp * ci;
            dI1 += nsp * t * bi;
            dI2 += nsp * t * ci;
        }
        // dice = 1 − (2I + 1)/(S + T + 1), summed over the single mask (the authors' num_masks = 1).
        double den = sigmaSum + targetSum + 1;
        double num = 2 * inter + 1;
        double dd1 = -(2 * dI1 * den - num * dS1) / (den * den);
        double dd2 = -(2 * dI2 * den - num * dS2) / (den * den);
        // The focal loss is a mean over pixels.
        out[0] = dd1 + f1 / totalWeight;
        out[1] = dd2 + f2 / totalWeight;
    }

    /** dice + focal at the given free weights, over every sample (for tests and logging). */
    static double loss(Samples s, double[] w, double totalWeight, double targetSum) {
        double sigmaSum = 0, inter = 0, focal = 0;
        for (int i = 0; i < s.size(); i++) {
            double z = s.a[i] + w[0] * s.b[i] + w[1] * s.c[i];
            double t = s.t[i];
            double e = Math.exp(-Math.abs(z));
            double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            double logP = -Math.log1p(e) + (z < 0 ? z : 0);
            double log1mP = -Math.log1p(e) - (z > 0 ? z : 0);
            double ce = -(t * logP + (1 - t) * log1mP);
            double pt = p * t + (1 - p) * (1 - t);
            double at = FOCAL_ALPHA * t + (1 - FOCAL_ALPHA) * (1 - t);
            focal += s.n[i] * at * (1 - pt) * (1 - pt) * ce;
            sigmaSum += s.n[i] * p;
            inter += s.n[i] * t * p;
        }
        double dice = 1 - (2 * inter + 1) / (sigmaSum + targetSum + 1);
        return dice + focal / totalWeight;
    }

    static double loss(Samples s, MaskMixingWeights w) {
        double total = 0, target = 0;
        for (int i = 0; i < s.size(); i++) {
            total += s.n[i];
            target += s.n[i] * s.t[i];
        }
        return loss(s, new double[] {w.w1(), w.w2()}, total, target);
    }
}
