package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import java.util.List;

/**
 * Everything the mask decoder is given besides the embedding. All coordinates are in original
 * image pixels; the decoder maps them to its input frame through {@link ResizeGeometry}.
 *
 * @param points          clicks, possibly empty when a box is given
 * @param box             optional box (null when absent)
 * @param maskInputLowRes optional 256×256 logits from an earlier pass (SAM's {@code mask_input}); null when absent
 * @param guidance        PerSAM inputs; null for plain prompting. A decoder that cannot take them ignores them and
 *                        says so in {@link DecoderResult#guidanceApplied()}.
 */
public record DecoderPrompt(List<PointPrompt> points, BoxPrompt box, float[] maskInputLowRes, PerSamGuidance guidance) {
    public static final int LOW_RES_SIDE = 256;

    public DecoderPrompt {
        points = List.copyOf(points);
        if (points.isEmpty() && box == null) {
            throw new IllegalArgumentException("a prompt needs at least one point or a box");
        }
        if (maskInputLowRes != null && maskInputLowRes.length != LOW_RES_SIDE * LOW_RES_SIDE) {
            throw new IllegalArgumentException("mask input must be 256×256 = 65536 logits but has " + maskInputLowRes.length);
        }
    }

    public static DecoderPrompt of(List<PointPrompt> points) {
        return new DecoderPrompt(points, null, null, null);
    }

    public DecoderPrompt withBox(BoxPrompt b) {
        return new DecoderPrompt(points, b, maskInputLowRes, guidance);
    }

    public DecoderPrompt withMaskInput(float[] lowResLogits256) {
        return new DecoderPrompt(points, box, lowResLogits256, guidance);
    }

    public DecoderPrompt withGuidance(PerSamGuidance g) {
        return new DecoderPrompt(points, box, maskInputLowRes, g);
    }
}
