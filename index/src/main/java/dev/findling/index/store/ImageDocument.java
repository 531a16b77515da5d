package dev.findling.index.store;

import dev.findling.index.ImageRecord;
import dev.findling.index.scan.SegmentationMaskDetector;

import java.util.List;

/**
 * Everything indexed for one image: the parent record, its patch vectors and an optional global vector.
 *
 * @param record       parent fields
 * @param gridRows     rows of the patch grid actually used
 * @param gridCols     columns of the patch grid actually used
 * @param patches      unit patch vectors (child documents)
 * @param globalVector unit global vector for text search, or null
 * @param maskRule     the {@link SegmentationMaskDetector#RULE_VERSION} the file was checked under
 *                     (0: indexed before there was a mask rule)
 */
public record ImageDocument(ImageRecord record, int gridRows, int gridCols, List<PatchVector> patches,
                            float[] globalVector, int maskRule) {
    public ImageDocument {
        // An image without patches could never be found by a concept; every back end refuses to index one.
        if (patches.isEmpty()) {
            throw new IllegalArgumentException("image " + record.relativePath() + " has no patch vectors");
        }
        patches = List.copyOf(patches);
    }

    /** A document for a file checked under the current mask rule. */
    public ImageDocument(ImageRecord record, int gridRows, int gridCols, List<PatchVector> patches, float[] globalVector) {
        this(record, gridRows, gridCols, patches, globalVector, SegmentationMaskDetector.RULE_VERSION);
    }
}
