package dev.findling.index;

/**
 * A library file that could not be processed; it is skipped, never aborts a run.
 *
 * @param rootId       the root the file belongs to
 * @param relativePath path relative to the root ('/'-separated)
 * @param reason       what went wrong, in words a user can act on
 */
public record FileFailure(String rootId, String relativePath, String reason) {
}
