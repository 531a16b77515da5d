package dev.findling.models.onnx;

/** A graph lacks the structure an edit needs; the message says what was looked for and what was found. */
public class GraphStructureException extends RuntimeException {
    public GraphStructureException(String message) {
        super(message);
    }
}
