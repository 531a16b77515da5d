package dev.findling.models.sam;

/** A box prompt in original-image pixels, top-left (x0, y0) and bottom-right (x1, y1). */
public record BoxPrompt(float x0, float y0, float x1, float y1) {
    public BoxPrompt {
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box corners out of order: (" + x0 + "," + y0 + ")–(" + x1 + "," + y1 + ")");
        }
    }
}
