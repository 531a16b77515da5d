package dev.findling.index;

/**
 * One indexed image, as stored in its parent document.
 *
 * @param id           stable id: a hash of root id and relative path (URL-safe, 20 hex characters)
 * @param rootId       the library root the file lives in
 * @param relativePath path relative to the root, '/'-separated
 * @param sha256       hex SHA-256 of the file's bytes; the embedding cache and thumbnails are keyed by it
 * @param sizeBytes    file size when indexed
 * @param modifiedMillis file modification time when indexed (epoch milliseconds)
 * @param width        decoded width (after EXIF orientation)
 * @param height       decoded height
 * @param packId       the model pack whose vectors the document holds
 * @param patchCount   number of patch vectors (child documents)
 * @param hasGlobalVector whether the document has a global image-text vector for text search
 */
public record ImageRecord(String id, String rootId, String relativePath, String sha256, long sizeBytes,
                          long modifiedMillis, int width, int height, String packId, int patchCount,
                          boolean hasGlobalVector) {
}
