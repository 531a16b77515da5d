package dev.findling.personalize;

/** The reference mask does not have the reference image's size. */
public final class MaskSizeMismatchException extends InvalidReferenceException {
    private final int maskWidth;
    private final int maskHeight;
    private final int imageWidth;
    private final int imageHeight;

    public MaskSizeMismatchException(int maskWidth, int maskHeight, int imageWidth, int imageHeight) {
        super("mask is " + maskWidth + "×" + maskHeight + " but the image is " + imageWidth + "×" + imageHeight);
        this.maskWidth = maskWidth;
        this.maskHeight = maskHeight;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
    }

    public int maskWidth() {
        return maskWidth;
    }

    public int maskHeight() {
        return maskHeight;
    }

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }
}
