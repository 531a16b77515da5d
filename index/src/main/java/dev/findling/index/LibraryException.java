package dev.findling.index;

/** The library's own storage failed (index, cache, roots file): a server-side error, not bad input. */
public class LibraryException extends RuntimeException {
    public LibraryException(String message, Throwable cause) {
        super(message, cause);
    }

    public LibraryException(String message) {
        super(message);
    }
}
