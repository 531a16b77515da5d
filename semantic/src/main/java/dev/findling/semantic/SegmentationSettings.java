package dev.findling.semantic;

import dev.findling.models.ModelPack;

/**
 * The knobs of open-vocabulary segmentation.
 *
 * <p>Per pixel, class k gets the logit {@code temperature · cos(patch, text_k)} and the background a
 * constant logit {@code temperature · backgroundSimilarity}; a softmax over the classes and the
 * background gives each pixel's class probabilities, and the label is the most probable of them. So a
 * pixel is background exactly when no class is at least {@code backgroundSimilarity}-similar to it, which
 * also works for a one-class query, where a softmax over the classes alone would always say 1.
 *
 * @param temperature           softmax scale on cosine similarities; 100 is CLIP's learned logit scale
 *                              ({@code logit_scale.exp()} of the released models)
 * @param backgroundSimilarity  cosine a patch must reach for any class to claim it; pack-specific (see {@link #forPack})
 * @param maxPointsPerClass     positive points sampled per class in refined mode (1–3)
 * @param maskInputLogitLimit   the coarse probability enters SAM's {@code mask_input} as its log-odds, clipped to ± this
 * @param maxClasses            classes allowed in one query
 */
public record SegmentationSettings(float temperature, float backgroundSimilarity, int maxPointsPerClass,
                                   float maskInputLogitLimit, int maxClasses) {
    /** CLIP's learned temperature: the released models' {@code logit_scale.exp()} is 100. */
    public static final float CLIP_LOGIT_SCALE = 100f;
    /**
     * Background threshold for the reference pack: its patch features are concept memberships, so a patch
     * that is mostly one colour has cosine ≈ 0.8–0.9 with that colour's word and one that is not has ≈ 0–0.2;
     * 0.5 sits in the gap and means "at least half about this concept".
     */
    public static final float REFERENCE_BACKGROUND_SIMILARITY = 0.5f;
    /**
     * Background threshold for learned CLIP dense heads (MaskCLIP/SCLIP-style), whose patch–text cosines
     * sit around 0.15–0.35 with matches at the top of that range. A starting value to calibrate per pack.
     */
    public static final float LEARNED_BACKGROUND_SIMILARITY = 0.22f;

    public SegmentationSettings {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive but is " + temperature);
        }
        if (!(backgroundSimilarity >= -1 && backgroundSimilarity <= 1)) {
            throw new IllegalArgumentException("background similarity is a cosine in [-1, 1] but is " + backgroundSimilarity);
        }
        if (maxPointsPerClass < 1 || maxPointsPerClass > 3) {
            throw new IllegalArgumentException("points per class must be 1–3 but is " + maxPointsPerClass);
        }
        if (!(maskInputLogitLimit > 0)) {
            throw new IllegalArgumentException("mask input logit limit must be positive but is " + maskInputLogitLimit);
        }
        if (maxClasses < 1 || maxClasses > 254) {
            throw new IllegalArgumentException("max classes must be 1–254 (labels are bytes, 0 is background) but is " + maxClasses);
        }
    }

    /** Defaults for a pack: the reference pack's threshold for it, the learned-CLIP one otherwise. */
    public static SegmentationSettings forPack(ModelPack pack) {
        return pack.isReference() ? reference() : learned();
    }

    public static SegmentationSettings reference() {
        return new SegmentationSettings(CLIP_LOGIT_SCALE, REFERENCE_BACKGROUND_SIMILARITY, 3, 12f, 32);
    }

    public static SegmentationSettings learned() {
        return new SegmentationSettings(CLIP_LOGIT_SCALE, LEARNED_BACKGROUND_SIMILARITY, 3, 12f, 32);
    }

    public SegmentationSettings withBackgroundSimilarity(float similarity) {
        return new SegmentationSettings(temperature, similarity, maxPointsPerClass, maskInputLogitLimit, maxClasses);
    }

    public SegmentationSettings withTemperature(float t) {
        return new SegmentationSettings(t, backgroundSimilarity, maxPointsPerClass, maskInputLogitLimit, maxClasses);
    }

    public SegmentationSettings withMaxPointsPerClass(int n) {
        return new SegmentationSettings(temperature, backgroundSimilarity, n, maskInputLogitLimit, maxClasses);
    }
}
