package dev.findling.personalize.find;

import dev.findling.personalize.PerSamResult;

import java.util.Optional;

/**
 * What {@link ConceptFind} did with one image.
 *
 * @param file    the image as the user named it (a path, or a library image's path relative to its root)
 * @param imageId the library image's id; null for a plain file
 * @param width   the decoded image's width (0 when it could not be read)
 * @param height  its height
 * @param result  PerSAM's answer; null when the image failed
 * @param timings where the time went
 * @param files   the files written; empty when the concept is absent or the image failed
 * @param error   why the image failed (one line); null when it did not
 */
public record FoundImage(String file, String imageId, int width, int height, PerSamResult result, Timings timings,
                         Optional<FoundFiles> files, String error) {

    /**
     * Milliseconds per stage of one image.
     *
     * @param decodeMillis  reading and decoding the file
     * @param encodeMillis  the image encoder (0 when the embedding came from the library's cache)
     * @param segmentMillis PerSAM on the embedding
     * @param totalMillis   everything, writing the files included
     */
    public record Timings(long decodeMillis, long encodeMillis, long segmentMillis, long totalMillis) {
    }

    public boolean found() {
        return result != null && result.found();
    }

    public boolean failed() {
        return error != null;
    }
}
