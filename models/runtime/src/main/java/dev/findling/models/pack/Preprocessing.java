package dev.findling.models.pack;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How an image reaches an image-taking graph.
 *
 * @param inputSize         side of the square model frame (SAM: 1024; EfficientViT-SAM L0–L2: 512; CLIP: 224)
 * @param resize            {@code longest-side-pad} (SAM family: resize longest side, zero-pad bottom-right),
 *                          {@code stretch-in-graph} (EfficientSAM: the image at its own size, the graph resizes) or
 *                          {@code shortest-side-center-crop} (CLIP: bicubic resize of the short side, centre crop)
 * @param valueScale        pixel values are divided by this before mean/std (1 for SAM's 0–255 statistics,
 *                          255 for statistics on 0–1 values)
 * @param pixelMean         per-channel mean (RGB), on the scaled values
 * @param pixelStd          per-channel std (RGB), on the scaled values
 * @param normalizedInGraph true when the graph takes the raw resized image (HWC float 0–255) and normalises
 *                          and pads inside; false when it takes the normalised, padded NCHW tensor
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preprocessing(int inputSize, String resize, float valueScale, float[] pixelMean, float[] pixelStd,
                            boolean normalizedInGraph) {
    public static final String LONGEST_SIDE_PAD = "longest-side-pad";
    public static final String SHORTEST_SIDE_CENTER_CROP = "shortest-side-center-crop";
    /**
     * The graph resizes (EfficientSAM: bilinear to inputSize² without keeping the aspect ratio) and normalises:
     * Findling feeds the decoded image at its own size, NCHW, as {@code (v / valueScale − mean) / std}.
     */
    public static final String STRETCH_IN_GRAPH = "stretch-in-graph";

    /** SAM's pixel statistics on 0–255 values (segment_anything/modeling/sam.py). */
    public static final float[] SAM_PIXEL_MEAN = {123.675f, 116.28f, 103.53f};
    public static final float[] SAM_PIXEL_STD = {58.395f, 57.12f, 57.375f};
    /** OpenAI CLIP's pixel statistics on 0–1 values (clip/clip.py _transform). */
    public static final float[] CLIP_PIXEL_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_PIXEL_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public static Preprocessing sam(int inputSize) {
        return new Preprocessing(inputSize, LONGEST_SIDE_PAD, 1f, SAM_PIXEL_MEAN, SAM_PIXEL_STD, false);
    }

    /** EfficientViT-SAM: SAM's statistics expressed on 0–1 values. */
    public static Preprocessing efficientVitSam(int inputSize) {
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = SAM_PIXEL_MEAN[c] / 255f;
            std[c] = SAM_PIXEL_STD[c] / 255f;
        }
        return new Preprocessing(inputSize, LONGEST_SIDE_PAD, 255f, mean, std, false);
    }

    /**
     * EfficientSAM ({@code EfficientSAM_onnx_example.py}): RGB on 0–1 at the image's own size; the graph resizes
     * to 1024² and applies ImageNet mean/std itself, so the statistics here are the identity.
     */
    public static Preprocessing efficientSam() {
        return new Preprocessing(EFFICIENTSAM_INPUT_SIZE, STRETCH_IN_GRAPH, 255f, IDENTITY_MEAN, IDENTITY_STD, false);
    }

    /** Statistics that leave {@code v / valueScale} unchanged, for graphs that normalise themselves. */
    public static final float[] IDENTITY_MEAN = {0f, 0f, 0f};
    public static final float[] IDENTITY_STD = {1f, 1f, 1f};

    /** EfficientSAM's encoder frame: {@code F.interpolate(…, (1024, 1024))} in its image encoder. */
    public static final int EFFICIENTSAM_INPUT_SIZE = 1024;

    public static Preprocessing clip(int inputSize) {
        return new Preprocessing(inputSize, SHORTEST_SIDE_CENTER_CROP, 255f, CLIP_PIXEL_MEAN, CLIP_PIXEL_STD, false);
    }
}
