package dev.findling.models.geometry;

/**
 * How an original image maps into a SAM-family model's square input frame: SAM's
 * ResizeLongestSide followed by zero padding at the bottom and right ({@link #of}), or a stretch to the
 * whole square ({@link #stretched}, EfficientSAM). This is the one place the
 * resize rule lives; preprocessing, prompt transforms, mask post-processing and reference-mask
 * pooling all go through it.
 *
 * @param originalHeight H of the image as decoded (after EXIF orientation)
 * @param originalWidth  W of the image as decoded
 * @param resizedHeight  height after resizing the longest side to {@code inputSize}
 * @param resizedWidth   width after resizing the longest side to {@code inputSize}
 * @param inputSize      side of the square model input (1024 for SAM, 512 for EfficientViT-SAM L0–L2)
 */
public record ResizeGeometry(int originalHeight, int originalWidth, int resizedHeight, int resizedWidth, int inputSize) {

    /** SAM's {@code ResizeLongestSide.get_preprocess_shape}: {@code newDim = (int)(dim * scale + 0.5)}. */
    public static ResizeGeometry of(int originalHeight, int originalWidth, int inputSize) {
        if (originalHeight <= 0 || originalWidth <= 0) {
            throw new IllegalArgumentException("image size must be positive but is " + originalWidth + "×" + originalHeight);
        }
        double scale = inputSize * 1.0 / Math.max(originalHeight, originalWidth);
        int newH = (int) (originalHeight * scale + 0.5);
        int newW = (int) (originalWidth * scale + 0.5);
        return new ResizeGeometry(originalHeight, originalWidth, newH, newW, inputSize);
    }

    /**
     * A resize to the full {@code inputSize}² square without keeping the aspect ratio, as EfficientSAM's encoder does
     * inside its graph: nothing is padded, x and y scale independently, and every map below holds unchanged.
     */
    public static ResizeGeometry stretched(int originalHeight, int originalWidth, int inputSize) {
        if (originalHeight <= 0 || originalWidth <= 0) {
            throw new IllegalArgumentException("image size must be positive but is " + originalWidth + "×" + originalHeight);
        }
        return new ResizeGeometry(originalHeight, originalWidth, inputSize, inputSize, inputSize);
    }

    /** x in original pixels → x in the model's input frame (SAM's apply_coords). */
    public float xToInputFrame(float x) {
        return x * (resizedWidth / (float) originalWidth);
    }

    /** y in original pixels → y in the model's input frame (SAM's apply_coords). */
    public float yToInputFrame(float y) {
        return y * (resizedHeight / (float) originalHeight);
    }

    /** x in the model's input frame → original pixels. */
    public float xToOriginal(float xInputFrame) {
        return xInputFrame * (originalWidth / (float) resizedWidth);
    }

    /** y in the model's input frame → original pixels. */
    public float yToOriginal(float yInputFrame) {
        return yInputFrame * (originalHeight / (float) resizedHeight);
    }
}
