package dev.findling.index;

/** No image (or root) with the given id exists in the library. */
public class UnknownImageException extends RuntimeException {
    public UnknownImageException(String message) {
        super(message);
    }
}
