package dev.findling.personalize.cleaning;

/**
 * A zip archive that cannot be extracted safely: an entry that would land outside the target folder
 * (zip-slip: {@code ../x}, absolute paths), too many entries, or more uncompressed bytes than allowed
 * (zip bombs). Nothing is kept from such an archive. Callers map it to a client error.
 */
public final class UnsafeArchiveException extends IllegalArgumentException {
    public UnsafeArchiveException(String message) {
        super(message);
    }
}
