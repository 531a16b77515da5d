package dev.findling.index.store;

import dev.findling.index.ImageRecord;

import java.util.List;

/**
 * Everything indexed for one image: the parent record, its patch vectors and an optional global vector.
 *
 * @param record       parent fields
 * @param gridRows     rows of the patch grid actually used
 * @param gridCols     columns of the patch grid actually used
 * @param patches      unit patch vectors (child documents)
 * @param globalVector unit global vector for text search, or null
 */
public record ImageDocument(ImageRecord record, int gridRows, int gridCols, List<PatchVector> patches,
                            float[] globalVector) {
    public ImageDocument {
        patches = List.copyOf(patches);
    }
}
