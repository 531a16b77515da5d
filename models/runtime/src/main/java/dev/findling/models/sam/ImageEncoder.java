package dev.findling.models.sam;

import dev.findling.models.image.RgbImage;

/** A SAM-family image encoder, one implementation per dialect. Thread-safe; sessions are shared. */
public interface ImageEncoder {
    /** The manifest dialect, e.g. {@code sam}, {@code efficientvit-sam}, {@code edgesam}. */
    String dialect();

    /** Side of the square input frame (1024 for SAM). */
    int inputSize();

    /** Encodes one image; the expensive step, run once per image and cached by callers. */
    ImageEmbedding encode(RgbImage image);
}
