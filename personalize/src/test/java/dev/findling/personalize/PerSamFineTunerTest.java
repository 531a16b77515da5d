package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerSamFineTunerTest {

    /** Three nested ellipses (part, whole, whole plus surroundings) around the same centre; the mask is the whole. */
    private static DecoderResult nestedMasks(ResizeGeometry g) {
        double sx = g.resizedWidth() / 4.0, sy = g.resizedHeight() / 4.0;
        float[] part = TestGrids.ellipseLogits(sx * 0.5, sy * 0.5, sx * 0.12, sy * 0.12, 0.8);
        float[] whole = TestGrids.ellipseLogits(sx * 0.5, sy * 0.5, sx * 0.25, sy * 0.22, 0.8);
        float[] large = TestGrids.ellipseLogits(sx * 0.52, sy * 0.5, sx * 0.4, sy * 0.38, 0.8);
        return new DecoderResult(new float[][] {whole, part, whole, large}, new float[] {0.9f, 0.8f, 0.9f, 0.7f}, g, false, false);
    }

    @Test
    void analyticGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 500;
        float[] a = new float[n], b = new float[n], c = new float[n], t = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 20 - 10);
            b[i] = (float) (r.nextDouble() * 10 - 5);
            c[i] = (float) (r.nextDouble() * 10 - 5);
            t[i] = i % 7 == 0 ? (float) r.nextDouble() : (r.nextBoolean() ? 1f : 0f);
            w[i] = 1 + r.nextInt(4);
        }
        var s = new PerSamFineTuner.Samples(a, b, c, t, w);
        double[] at = {0.2, 0.45};
        double[] grad = PerSamFineTuner.gradient(s, at);
        double h = 1e-6;
        for (int p = 0; p < 2; p++) {
            double[] plus = at.clone();
            double[] minus = at.clone();
            plus[p] += h;
            minus[p] -= h;
            double num = (PerSamFineTuner.loss(s, new MaskMixingWeights(plus[0], plus[1]))
                    - PerSamFineTuner.loss(s, new MaskMixingWeights(minus[0], minus[1]))) / (2 * h);
            assertEquals(num, grad[p], 1e-6 + 1e-4 * Math.abs(num), "d loss / d w" + (p + 1));
        }
    }

    @Test
    void fastFitMatchesTheExactFit() {
        ResizeGeometry g = ResizeGeometry.of(700, 900, 1024);
        DecoderResult r = nestedMasks(g);
        BinaryMask mask = SamPostprocessReference.mask(r.lowResLogits(2), g);
        var s = PerSamFineTuner.lowResSamples(r, mask);
        // Pruned + tabulated (the production path) against every sample with Math.exp/log1p at every step.
        var fast = PerSamFineTuner.optimise(s, true, true).weights();
        var exact = PerSamFineTuner.optimise(s, false, false).weights();
        assertEquals(exact.w1(), fast.w1(), 1e-4);
        assertEquals(exact.w2(), fast.w2(), 1e-4);
    }

    @Test
    void fitFavoursTheMapThatMatchesTheMaskAndLowersTheLoss() {
        ResizeGeometry g = ResizeGeometry.of(480, 640, 1024);
        DecoderResult r = nestedMasks(g);
        BinaryMask mask = SamPostprocessReference.mask(r.lowResLogits(2), g);
        MaskMixingWeights w = PerSamFineTuner.fit(r, mask, PerSamFineTuner.Resolution.LOW_RES);
        assertTrue(w.w1() > 1.0 / 3 && w.w2() < 1.0 / 3, "the matching map gains weight, the too-large one loses: " + w);
        var s = PerSamFineTuner.lowResSamples(r, mask);
        assertTrue(PerSamFineTuner.loss(s, w) < PerSamFineTuner.loss(s, MaskMixingWeights.INITIAL));
    }

    @Test
    void lowResolutionFitAgreesWithFullSizeFit() {
        ResizeGeometry g = ResizeGeometry.of(480, 640, 1024);
        DecoderResult r = nestedMasks(g);
        // A ground truth that none of the maps matches exactly (a rectangle), so the optimum is interior.
        BinaryMask mask = TestGrids.rect(640, 480, 230, 150, 420, 330);
        MaskMixingWeights low = PerSamFineTuner.fit(r, mask, PerSamFineTuner.Resolution.LOW_RES);
        MaskMixingWeights full = PerSamFineTuner.fit(r, mask, PerSamFineTuner.Resolution.FULL_SIZE);
        assertEquals(full.w1(), low.w1(), 0.02, "w1 low " + low + " full " + full);
        assertEquals(full.w2(), low.w2(), 0.02, "w2 low " + low + " full " + full);
    }

    @Test
    void sampledFitAgreesWithFullSizeFit() {
        ResizeGeometry g = ResizeGeometry.of(480, 640, 1024);
        DecoderResult r = nestedMasks(g);
        BinaryMask mask = TestGrids.rect(640, 480, 230, 150, 420, 330);
        MaskMixingWeights sampled = PerSamFineTuner.fit(r, mask, PerSamFineTuner.Resolution.SAMPLED);
        MaskMixingWeights full = PerSamFineTuner.fit(r, mask, PerSamFineTuner.Resolution.FULL_SIZE);
        assertEquals(full.w1(), sampled.w1(), 0.01, "w1 sampled " + sampled + " full " + full);
        assertEquals(full.w2(), sampled.w2(), 0.01, "w2 sampled " + sampled + " full " + full);
        // 640×480 = 307 200 pixels: blocks of 3×3, one sample each.
        assertEquals(3, PerSamFineTuner.sampleStride(640, 480));
        assertEquals(1, PerSamFineTuner.sampleStride(200, 200));
        var s = PerSamFineTuner.sampledSamples(r, mask, 3);
        double total = 0;
        for (float n : s.n()) {
            total += n;
        }
        assertEquals(640 * 480, total, 0, "the blocks' weights cover every pixel once");
    }
}
