package dev.findling.models.onnx;

/** A graph that cannot be derived from an export, with the part that was looked for and not found. */
public class DerivationException extends RuntimeException {
    public DerivationException(String message) {
        super(message);
    }
}
