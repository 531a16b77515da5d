package dev.findling.models.clip;

import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;

/**
 * A merged SAM-CLIP backbone: one ONNX graph whose outputs are SAM's {@code image_embeddings} and the
 * CLIP-aligned {@code dense_features}, declared in pack.json as the {@code image-encoder} and the
 * {@code dense-encoder} (dialect {@code samclip}) on the same file. {@link #encode} prepares the image
 * once and runs the graph once for both outputs. ONNX Runtime computes every output of a graph on every
 * run, so a caller that needs both must use this rather than the pack's image encoder and dense encoder
 * one after the other, which would run the whole backbone twice. Thread-safe; the session is the pack's.
 */
public interface SamClipBackbone {
    /** Both outputs of one run, for the same image and in the same input frame. */
    record Encoding(ImageEmbedding sam, DenseFeatures dense) {
    }

    /** The manifest dialects of the two heads, e.g. {@code sam+samclip}. */
    String dialect();

    /** Side of the square input frame (1024 for SAM). */
    int inputSize();

    /** Length of each dense patch vector; equals the text encoder's dimension. */
    int dimension();

    /** The SAM embedding and the dense features of {@code image}, from one run of the backbone. */
    Encoding encode(RgbImage image);
}
