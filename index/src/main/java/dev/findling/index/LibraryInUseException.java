package dev.findling.index;

/**
 * Another process (the server, or an {@code index} / {@code reindex} command) holds the library's write lock: the
 * library cannot be opened until it stops. Nothing was changed. A condition that passes, not a fault.
 */
public class LibraryInUseException extends LibraryException {
    public LibraryInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
