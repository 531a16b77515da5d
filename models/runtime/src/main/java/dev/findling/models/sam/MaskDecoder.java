package dev.findling.models.sam;

/** A SAM-family prompt decoder, one implementation per dialect. Stateless and thread-safe. */
public interface MaskDecoder {
    /** The manifest dialect, e.g. {@code sam-onnx}, {@code persam}, {@code edgesam}. */
    String dialect();

    /**
     * Whether {@link PerSamGuidance} reaches the graph: true for the guided dialects ({@code persam},
     * {@code edgesam-persam}, {@code efficientsam-persam}), whose graphs have PerSAM's two extra inputs.
     */
    boolean acceptsGuidance();

    /** Whether the graph takes {@code mask_input} (false for EdgeSAM / EfficientViT-SAM exports). */
    boolean acceptsMaskInput();

    /**
     * How many candidates a run returns, whether the first is SAM's single-mask token and what the scores are
     * (SAM: four, single-mask token first, IoU predictions; EdgeSAM: the same with stability scores;
     * EfficientSAM: three multimask candidates).
     */
    default DecoderResult.CandidateLayout candidates() {
        return DecoderResult.CandidateLayout.SAM;
    }

    /**
     * Runs the decoder once.
     *
     * @throws IllegalArgumentException when the embedding comes from another pack than this decoder's
     */
    DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt);
}
