package dev.findling.index;

/**
 * A library file that was skipped: it could not be processed (unreadable, corrupt, too large), or it
 * is not a photo (a segmentation mask kept next to its photo). A failure never aborts a run.
 *
 * @param rootId       the root the file belongs to
 * @param relativePath path relative to the root ('/'-separated)
 * @param reason       what went wrong, in words a user can act on
 */
public record FileFailure(String rootId, String relativePath, String reason) {
}
