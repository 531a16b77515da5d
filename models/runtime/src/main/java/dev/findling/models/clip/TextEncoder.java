package dev.findling.models.clip;

/** A CLIP-style text tower: token ids → one embedding in the pack's text space. Thread-safe. */
public interface TextEncoder {
    String dialect();

    /** Tokens per input (77 for CLIP). */
    int contextLength();

    /** Length of the returned embedding. */
    int dimension();

    /**
     * Encodes one tokenized text.
     *
     * @param tokenIds exactly {@link #contextLength()} ids: start token, BPE ids, end token, zero padding
     * @return the raw (not normalised) embedding
     */
    float[] encode(int[] tokenIds);
}
