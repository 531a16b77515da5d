package dev.findling.models.clip;

import dev.findling.models.image.RgbImage;

/** Image → one global embedding in the text space, for text search over a library. Thread-safe. */
public interface ImageEmbedder {
    String dialect();

    int dimension();

    /** The raw (not normalised) global embedding. */
    float[] embed(RgbImage image);
}
