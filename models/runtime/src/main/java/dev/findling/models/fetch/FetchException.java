package dev.findling.models.fetch;

/**
 * A pack download that did not complete: an HTTP error, a network failure after retries, or a file
 * whose size or SHA-256 differs from the pin. The message names the URL or file, what was expected
 * and what was found. Nothing half-downloaded is ever left under a final file name.
 */
public class FetchException extends RuntimeException {
    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
