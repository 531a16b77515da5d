package dev.findling.index.store;

/**
 * What the index knows about one path of a root, for incremental ingestion.
 *
 * @param id             image id
 * @param relativePath   path relative to the root
 * @param failed         true when the file was processed and failed (a failure record, no vectors)
 * @param sizeBytes      size when processed
 * @param modifiedMillis mtime when processed
 * @param sha256         content hash (null for failures)
 * @param maskRule       for an image, the segmentation-mask rule version it was checked under (0: none)
 */
public record IndexedFile(String id, String relativePath, boolean failed, long sizeBytes, long modifiedMillis,
                          String sha256, int maskRule) {
}
