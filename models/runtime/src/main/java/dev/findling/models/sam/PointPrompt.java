package dev.findling.models.sam;

/**
 * A click in original-image pixels (x to the right, y down).
 *
 * @param positive true for a foreground click (SAM label 1), false for background (label 0)
 */
public record PointPrompt(float x, float y, boolean positive) {
    public static PointPrompt positive(float x, float y) {
        return new PointPrompt(x, y, true);
    }

    public static PointPrompt negative(float x, float y) {
        return new PointPrompt(x, y, false);
    }
}
