package dev.findling.index;

/**
 * The library's index was built with a different model pack (or vector layout) than the one loaded;
 * vectors from different packs never mix, so the index must be rebuilt.
 */
public class PackMismatchException extends RuntimeException {
    /** The command users run to rebuild the index with the loaded pack. */
    public static final String REINDEX_COMMAND = "findling reindex";

    public PackMismatchException(String message) {
        super(message);
    }
}
