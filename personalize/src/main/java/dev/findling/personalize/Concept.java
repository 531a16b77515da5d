package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A personalised concept: what PerSAM learned from one reference image and its mask.
 *
 * @param id               stable identifier (lower-case letters, digits and '-', at most 64)
 * @param name             user-facing name
 * @param packId           the model pack whose encoder produced the vectors; they mean nothing in another pack
 * @param targetFeat       L2-normalised mean of the masked reference features (for the confidence map and the index)
 * @param targetEmbedding  the same mean, not normalised (PerSAM's target-semantic prompt)
 * @param thumbnailPng     a small PNG of the reference image for display
 * @param referenceMask    the reference mask at the reference image's size
 * @param fineTuneWeights  PerSAM-F mixing weights when the concept was fine-tuned
 * @param createdAt        creation time
 */
public record Concept(String id, String name, String packId, float[] targetFeat, float[] targetEmbedding,
                      byte[] thumbnailPng, BinaryMask referenceMask, Optional<MaskMixingWeights> fineTuneWeights,
                      Instant createdAt) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public Concept {
        Objects.requireNonNull(id, "id");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("concept id must match " + ID.pattern() + " but is '" + id + "'");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(referenceMask, "referenceMask");
        Objects.requireNonNull(createdAt, "createdAt");
        fineTuneWeights = fineTuneWeights == null ? Optional.empty() : fineTuneWeights;
        if (targetFeat.length != targetEmbedding.length) {
            throw new IllegalArgumentException("target feature has " + targetFeat.length
                    + " values but the target embedding " + targetEmbedding.length);
        }
        targetFeat = targetFeat.clone();
        targetEmbedding = targetEmbedding.clone();
        thumbnailPng = thumbnailPng.clone();
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    @Override
    public float[] targetFeat() {
        return targetFeat.clone();
    }

    @Override
    public float[] targetEmbedding() {
        return targetEmbedding.clone();
    }

    @Override
    public byte[] thumbnailPng() {
        return thumbnailPng.clone();
    }

    /** Feature dimension (256 for SAM). */
    public int dimensions() {
        return targetFeat.length;
    }

    /** A copy with PerSAM-F weights set (or cleared with null). */
    public Concept withFineTuneWeights(MaskMixingWeights weights) {
        return new Concept(id, name, packId, targetFeat, targetEmbedding, thumbnailPng, referenceMask,
                Optional.ofNullable(weights), createdAt);
    }

    float[] targetFeatUnsafe() {
        return targetFeat;
    }

    float[] targetEmbeddingUnsafe() {
        return targetEmbedding;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Concept c && c.id.equals(id) && c.name.equals(name) && c.packId.equals(packId)
                && java.util.Arrays.equals(c.targetFeat, targetFeat)
                && java.util.Arrays.equals(c.targetEmbedding, targetEmbedding)
                && java.util.Arrays.equals(c.thumbnailPng, thumbnailPng)
                && c.referenceMask.equals(referenceMask) && c.fineTuneWeights.equals(fineTuneWeights)
                && c.createdAt.equals(createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, packId, createdAt);
    }

    @Override
    public String toString() {
        return "Concept[id=" + id + ", name=" + name + ", packId=" + packId + ", dimensions=" + targetFeat.length
                + ", fineTuned=" + fineTuneWeights.isPresent() + ", createdAt=" + createdAt + "]";
    }
}
