package dev.findling.personalize;

/** The reference mask selects no pixel, so there is nothing to personalise to. */
public final class EmptyMaskException extends InvalidReferenceException {
    public EmptyMaskException(int width, int height) {
        super("the reference mask (" + width + "×" + height + ") selects no pixel; mark the object with non-zero pixels");
    }
}
