package dev.findling.models.runtime;

/**
 * A run was asked of a session whose model pack was closed: the application is shutting down, or the pack was
 * switched for another one while work that had taken it was still running. Nothing ran; the caller may run the work
 * again on the pack now in use.
 */
public class PackClosedException extends ModelExecutionException {
    public PackClosedException(String message) {
        super(message);
    }
}
