package dev.findling.models.runtime;

/** ONNX Runtime failed while running a pack's graph; the message names the file and the step. */
public class ModelExecutionException extends RuntimeException {
    public ModelExecutionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelExecutionException(String message) {
        super(message);
    }
}
