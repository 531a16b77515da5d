package dev.findling.personalize.find;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one {@link ConceptFind} run.
 *
 * @param images   every image in the order it was searched
 * @param found    images that contain the concept
 * @param notFound images searched where it is absent
 * @param failed   images that could not be read or segmented (and other inputs the caller reported as failed)
 * @param summary  the {@code summary.json} written
 */
public record FindReport(List<FoundImage> images, int found, int notFound, int failed, Path summary) {
    public FindReport {
        images = List.copyOf(images);
    }
}
