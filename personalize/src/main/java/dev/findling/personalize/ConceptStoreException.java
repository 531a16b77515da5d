package dev.findling.personalize;

/** A stored concept cannot be read or written: I/O failure, corrupt files or an unsupported format version. */
public final class ConceptStoreException extends RuntimeException {
    public ConceptStoreException(String message) {
        super(message);
    }

    public ConceptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
