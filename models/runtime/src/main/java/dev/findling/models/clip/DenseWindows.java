package dev.findling.models.clip;

/**
 * How a {@code dense-clip} head, whose CLIP ViT only runs at its fixed window (224 px: the position embeddings
 * are learned for that size), covers an image of any size: the image is resized so that its longer side is
 * {@code frameSide} (bicubic, CLIP statistics, zero padding bottom-right like a SAM frame), windows of the
 * graph's size slide over the resized image {@code stride} pixels apart (the last one flush with the image's
 * edge), and where windows overlap their patch features are averaged. See {@code models/docs/dense-clip.md}.
 *
 * @param frameSide the longer side of the resized image, in pixels; a multiple of the patch size, at least one window
 * @param stride    pixels between window origins; a multiple of the patch size, at most one window; null for half
 *                  a window rounded to whole patches (112 px for 16- and 14-px patches, 128 px for 32-px ones)
 */
public record DenseWindows(int frameSide, Integer stride) {
    /**
     * Two windows' width on the longer side with windows half a window apart: each interior patch is seen by
     * windows with four different contexts, at the cost of 9 windows for a square image (6 for 4:3).
     */
    public static final DenseWindows DEFAULT = new DenseWindows(448, null);

    public DenseWindows {
        if (frameSide < 16 || frameSide > 4096) {
            throw new IllegalArgumentException("frameSide must be between 16 and 4096 pixels but is " + frameSide);
        }
        if (stride != null && stride <= 0) {
            throw new IllegalArgumentException("stride must be positive but is " + stride);
        }
    }

    /** The stride for a window of {@code window} pixels made of {@code patch}-pixel patches. */
    int strideFor(int window, int patch) {
        return stride != null ? stride : Math.max(patch, (int) Math.round(window / 2.0 / patch) * patch);
    }

    /**
     * Window origins along one axis of {@code extent} image pixels: 0, stride, 2·stride, … and the last one
     * flush with the image (rounded up to whole patches; a short side smaller than a window gets one window).
     */
    static int[] origins(int extent, int window, int patch, int stride) {
        int covered = Math.max(window, (extent + patch - 1) / patch * patch);
        int last = covered - window;
        int count = last / stride + (last % stride == 0 ? 1 : 2);
        int[] origins = new int[count];
        for (int i = 0; i < count; i++) {
            origins[i] = Math.min(i * stride, last);
        }
        return origins;
    }
}
