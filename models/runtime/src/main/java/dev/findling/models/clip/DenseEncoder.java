package dev.findling.models.clip;

import dev.findling.models.image.RgbImage;

/** Image → per-patch features in the text space ({@code samclip} or {@code dense-clip} dialect). Thread-safe. */
public interface DenseEncoder {
    String dialect();

    /** Length of each patch vector; equals the text encoder's dimension. */
    int dimension();

    DenseFeatures encode(RgbImage image);

    /** How many graph runs {@link #encode} makes for an image of this size (sliding windows make several). */
    default int runsFor(int width, int height) {
        return 1;
    }
}
