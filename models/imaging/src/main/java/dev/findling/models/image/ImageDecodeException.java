package dev.findling.models.image;

/**
 * An image (or mask image) that cannot be decoded. The {@link Reason} lets callers map the failure
 * to a response (415 for {@code UNSUPPORTED_FORMAT}, 413 for the two limits, 422 for {@code CORRUPT});
 * the message says what was found and what was expected.
 */
public class ImageDecodeException extends RuntimeException {
    public enum Reason {
        /** Not an image, or an image format Findling does not read; the message names what was detected. */
        UNSUPPORTED_FORMAT,
        /** The header declares more pixels than {@link ImageLimits#maxPixels()}. */
        TOO_MANY_PIXELS,
        /** The encoded data is larger than {@link ImageLimits#maxBytes()}. */
        TOO_MANY_BYTES,
        /** A recognised format whose data is damaged or cut short. */
        CORRUPT
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
