package dev.findling.semantic;

import java.time.Duration;
import java.util.Map;

/**
 * Where the time of one segmentation went.
 *
 * @param textEmbedding   class embeddings (80 text-encoder runs per class not yet cached)
 * @param imageEncoder    the SAM image encoder (zero in coarse mode, or when a cached embedding was given). With a
 *                        merged SAM-CLIP backbone in refined mode without a cached embedding, the one backbone run
 *                        that gave both the SAM embedding and the dense features
 * @param denseHead       the dense encoder: image → per-patch features in the text space; zero when the merged
 *                        backbone's run (counted in {@code imageEncoder}) gave them
 * @param similarity      per-patch cosine to each class and the coarse probabilities
 * @param decoderPerClass one prompt-decoder run per class, in query order (refined mode)
 * @param postProcessing  upsampling to the original size, the per-pixel argmax, masks and scores
 * @param total           wall time of the whole call
 */
public record StageTimings(Duration textEmbedding, Duration imageEncoder, Duration denseHead, Duration similarity,
                           Map<String, Duration> decoderPerClass, Duration postProcessing, Duration total) {
    public StageTimings {
        decoderPerClass = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(decoderPerClass));
    }
}
