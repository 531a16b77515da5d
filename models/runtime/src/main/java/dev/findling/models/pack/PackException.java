package dev.findling.models.pack;

/**
 * A pack folder that cannot be used: missing or unreadable manifest, missing file, checksum mismatch,
 * or a session whose declared tensors do not match its dialect. The message names the file, the
 * tensor, what was expected and what was found.
 */
public class PackException extends RuntimeException {
    public PackException(String message) {
        super(message);
    }

    public PackException(String message, Throwable cause) {
        super(message, cause);
    }
}
