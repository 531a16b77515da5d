package dev.findling.index.scan;

import java.nio.file.Path;

/**
 * A supported file found under a root.
 *
 * @param relativePath   '/'-separated path relative to the root
 * @param file           the file (absolute; a link's real target when reached through a link)
 * @param sizeBytes      size at scan time
 * @param modifiedMillis mtime at scan time
 */
public record ScannedFile(String relativePath, Path file, long sizeBytes, long modifiedMillis) {
}
