package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.PointPrompt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What PerSAM found in one image.
 *
 * @param found           true when at least one instance scored at or above the presence threshold
 * @param score           presence score in [0, 1] of the best candidate, reported even when it was rejected,
 *                        so callers can rank images
 * @param mask            union of the accepted instances' masks at the original image size; empty when not found
 * @param box             bounding box of {@code mask}; empty when not found
 * @param prompts         the point prompts of the first candidate (original pixels): positive prior first,
 *                        then the negative prior when one was used
 * @param guidanceApplied whether target-guided attention and target-semantic prompting reached the decoder
 *                        (false with a plain {@code sam-onnx} decoder and for PerSAM-F, which the authors run without)
 * @param fineTuned       whether PerSAM-F mixing weights were used
 * @param peakConfidence  the confidence map's maximum for the first candidate (cosine similarity to the concept)
 * @param iouEstimate     the decoder's IoU estimate for the first candidate's final mask (0 when a pass came back empty)
 * @param timings         where the time went
 * @param instances       the accepted instances, best first (at most {@link PerSamOptions#maxInstances()})
 */
public record PerSamResult(boolean found, double score, BinaryMask mask, Optional<PixelBox> box, List<PointPrompt> prompts,
                           boolean guidanceApplied, boolean fineTuned, float peakConfidence, float iouEstimate,
                           StageTimings timings, List<Instance> instances) {

    public PerSamResult {
        Objects.requireNonNull(mask, "mask");
        prompts = List.copyOf(prompts);
        instances = List.copyOf(instances);
        if (found == instances.isEmpty()) {
            throw new IllegalArgumentException("found must be true exactly when there are instances");
        }
    }

    /**
     * One accepted instance.
     *
     * @param score          presence score in [0, 1]
     * @param mask           the instance's mask at the original size
     * @param box            its bounding box
     * @param prompts        the points that produced it (original pixels)
     * @param peakConfidence the confidence map's value at the positive point (cosine similarity)
     * @param iouEstimate    the decoder's IoU estimate for the final mask
     */
    public record Instance(double score, BinaryMask mask, PixelBox box, List<PointPrompt> prompts,
                           float peakConfidence, float iouEstimate) {
        public Instance {
            prompts = List.copyOf(prompts);
        }
    }

    /** The same result with the image encoder's time added (when PerSAM encoded the image itself). */
    public PerSamResult withImageEncoderNanos(long nanos) {
        return new PerSamResult(found, score, mask, box, prompts, guidanceApplied, fineTuned, peakConfidence, iouEstimate,
                timings.withImageEncoderNanos(nanos), instances);
    }

    /**
     * Wall-clock time per stage, in nanoseconds.
     *
     * @param imageEncoderNanos   the image encoder; 0 when the caller passed a (cached) embedding
     * @param confidenceMapNanos  similarity grid, point priors and target-guided attention
     * @param decoderPassNanos    each decoder call in order (three per candidate)
     * @param postProcessingNanos boxes, mask mixing and full-size masks
     */
    public record StageTimings(long imageEncoderNanos, long confidenceMapNanos, List<Long> decoderPassNanos,
                               long postProcessingNanos) {
        public StageTimings {
            decoderPassNanos = List.copyOf(decoderPassNanos);
        }

        StageTimings withImageEncoderNanos(long nanos) {
            return new StageTimings(nanos, confidenceMapNanos, decoderPassNanos, postProcessingNanos);
        }

        /** Everything after the encoder: what PerSAM costs on a cached embedding. */
        public long segmentNanos() {
            long t = confidenceMapNanos + postProcessingNanos;
            for (long d : decoderPassNanos) {
                t += d;
            }
            return t;
        }

        public long totalNanos() {
            long t = imageEncoderNanos + confidenceMapNanos + postProcessingNanos;
            for (long d : decoderPassNanos) {
                t += d;
            }
            return t;
        }
    }
}
