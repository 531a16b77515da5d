package dev.findling.models.geometry;

/**
 * One axis of a bilinear resize as PyTorch's {@code F.interpolate(mode="bilinear", align_corners=False)} does it —
 * the rule SAM's mask post-processing uses — from {@code in} samples to a virtual {@code out} samples, of which
 * only the first {@code keep} are described. Output sample {@code d} reads input samples {@code lower[d]} and
 * {@code upper[d]} and blends them with weight {@code fraction[d]} on the upper one. The one place this rule
 * lives; mask post-processing, PerSAM's confidence map and the dense-feature upsampling all read it from here.
 * The arrays are shared, not copied: callers only read them.
 */
public record BilinearAxis(int[] lower, int[] upper, float[] fraction) {

    public static BilinearAxis of(int in, int out, int keep) {
        int[] lower = new int[keep];
        int[] upper = new int[keep];
        float[] fraction = new float[keep];
        double scale = in / (double) out;
        for (int d = 0; d < keep; d++) {
            // Source coordinate of the output sample's centre; PyTorch clamps negative ones to 0.
            double src = Math.max(0, (d + 0.5) * scale - 0.5);
            int lo = Math.min((int) src, in - 1);
            lower[d] = lo;
            upper[d] = Math.min(lo + 1, in - 1);
            fraction[d] = (float) (src - lo);
        }
        return new BilinearAxis(lower, upper, fraction);
    }
}
