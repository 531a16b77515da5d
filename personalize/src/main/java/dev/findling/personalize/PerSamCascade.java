package dev.findling.personalize;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.sam.PointPrompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decoder side of PerSAM for one location (docs/ARCHITECTURE.md §3 steps 3–5) and of PerSAM-F. Stateless.
 */
final class PerSamCascade {
    private PerSamCascade() {
    }

    /** Accumulates stage timings across candidates. */
    static final class Clock {
        long confidenceMapNanos;
        long postProcessingNanos;
        final List<Long> decoderPassNanos = new ArrayList<>();

        PerSamResult.StageTimings timings() {
            return new PerSamResult.StageTimings(0, confidenceMapNanos, decoderPassNanos, postProcessingNanos);
        }
    }

    /**
     * The outcome for one location: the final mask (empty when any pass produced an empty mask),
     * its box and the decoder's IoU estimate for it.
     */
    record Candidate(BinaryMask mask, Optional<PixelBox> box, float iouEstimate, List<PointPrompt> prompts, boolean guidanceApplied) {
        boolean isEmpty() {
            return box.isEmpty();
        }
    }

    /**
     * PerSAM: pass 1 with both priors, the guidance (when the decoder takes it) and the single-mask
     * token; pass 2 adds pass 1's low-res logits as mask_input and takes the multimask output with
     * the best IoU estimate; pass 3 adds the box of that mask and its logits. As in the authors'
     * code, passes 2 and 3 run without the guidance — on {@code decoder}, since a {@code persam} graph
     * applies its target-guided attention on every run.
     *
     * <p>Decoders without {@code mask_input} (EdgeSAM, EfficientSAM, EfficientViT-SAM) are refined with what they
     * do take: pass 2 gets the box of pass 1's mask with the points, pass 3 the box of pass 2's best mask. A decoder
     * without a single-mask token (EfficientSAM) contributes its best-scored candidate to pass 1
     * (docs/sam-family.md).
     *
     * @param guidedDecoder the first pass's decoder (the {@code persam} one when there is guidance)
     * @param decoder       the plain decoder of passes 2 and 3
     */
    static Candidate persam(MaskDecoder guidedDecoder, MaskDecoder decoder, ImageEmbedding embedding,
                            List<PointPrompt> points, PerSamGuidance guidance, Clock clock) {
        DecoderPrompt base = DecoderPrompt.of(points);
        DecoderResult first = decode(guidedDecoder, embedding, guidance == null ? base : base.withGuidance(guidance), clock);
        boolean guided = first.guidanceApplied();
        long t0 = System.nanoTime();
        float[] firstLogits = first.lowResLogits(first.singleMaskIndex());
        OriginalSizeLogits firstMask = new OriginalSizeLogits(firstLogits, first.geometry());
        boolean empty = firstMask.isEmpty();
        Optional<PixelBox> firstBox = empty || decoder.acceptsMaskInput() ? Optional.empty() : firstMask.box();
        clock.postProcessingNanos += System.nanoTime() - t0;
        if (empty || (!decoder.acceptsMaskInput() && firstBox.isEmpty())) {
            return notFound(embedding, points, guided);
        }
        DecoderPrompt secondPrompt = decoder.acceptsMaskInput()
                ? base.withMaskInput(firstLogits) : base.withBox(boxPrompt(firstBox.get()));
        DecoderResult second = decode(decoder, embedding, secondPrompt, clock);
        return refine(decoder, embedding, base, second, points, guided, clock);
    }

    /**
     * PerSAM-F, as the authors run it: the positive prior alone, one multimask pass whose three
     * maps are mixed with the fitted weights (low-res logits; the full-size mix is their upsample),
     * then two refinement passes that each take the box of the current mask and its logits (the box alone, with the
     * point, where the decoder takes no {@code mask_input}).
     */
    static Candidate persamF(MaskDecoder decoder, ImageEmbedding embedding, PointPrompt positive,
                             MaskMixingWeights weights, Clock clock) {
        List<PointPrompt> points = List.of(positive);
        DecoderPrompt base = DecoderPrompt.of(points);
        DecoderResult first = decode(decoder, embedding, base, clock);
        long t0 = System.nanoTime();
        int[] three = PerSamFineTuner.mixedCandidates(first);
        float[] mixed = weights.mix(first.lowResLogits(three[0]), first.lowResLogits(three[1]), first.lowResLogits(three[2]));
        Optional<PixelBox> box = new OriginalSizeLogits(mixed, first.geometry()).box();
        clock.postProcessingNanos += System.nanoTime() - t0;
        if (box.isEmpty()) {
            return notFound(embedding, points, false);
        }
        DecoderResult second = decode(decoder, embedding, withLogits(decoder, base.withBox(boxPrompt(box.get())), mixed), clock);
        return refine(decoder, embedding, base, second, points, false, clock);
    }

    /** Takes the best multimask output of {@code previous}, prompts again with its box and logits, returns the best. */
    private static Candidate refine(MaskDecoder decoder, ImageEmbedding embedding, DecoderPrompt base, DecoderResult previous,
                                    List<PointPrompt> points, boolean guided, Clock clock) {
        long t0 = System.nanoTime();
        int best = previous.bestMultimaskIndex();
        float[] bestLogits = previous.lowResLogits(best);
        Optional<PixelBox> box = new OriginalSizeLogits(bestLogits, previous.geometry()).box();
        clock.postProcessingNanos += System.nanoTime() - t0;
        if (box.isEmpty()) {
            return notFound(embedding, points, guided);
        }
        DecoderResult last = decode(decoder, embedding, withLogits(decoder, base.withBox(boxPrompt(box.get())), bestLogits), clock);
        t0 = System.nanoTime();
        int finalIndex = last.bestMultimaskIndex();
        OriginalSizeLogits finalLogits = new OriginalSizeLogits(last.lowResLogits(finalIndex), last.geometry());
        Optional<PixelBox> finalBox = finalLogits.box();
        BinaryMask mask = finalLogits.mask(finalBox);
        clock.postProcessingNanos += System.nanoTime() - t0;
        return new Candidate(mask, finalBox, last.iouPrediction(finalIndex), points, guided);
    }

    /** The previous pass's logits as mask_input where the decoder takes it; the prompt unchanged otherwise. */
    private static DecoderPrompt withLogits(MaskDecoder decoder, DecoderPrompt prompt, float[] lowResLogits256) {
        return decoder.acceptsMaskInput() ? prompt.withMaskInput(lowResLogits256) : prompt;
    }

    private static Candidate notFound(ImageEmbedding embedding, List<PointPrompt> points, boolean guided) {
        var g = embedding.geometry();
        return new Candidate(BinaryMask.empty(g.originalWidth(), g.originalHeight()), Optional.empty(), 0f, points, guided);
    }

    private static DecoderResult decode(MaskDecoder decoder, ImageEmbedding embedding, DecoderPrompt prompt, Clock clock) {
        long t0 = System.nanoTime();
        DecoderResult r = decoder.decode(embedding, prompt);
        clock.decoderPassNanos.add(System.nanoTime() - t0);
        return r;
    }

    /** The authors' box: min/max of the set pixels' coordinates, both corners inclusive. */
    static BoxPrompt boxPrompt(PixelBox b) {
        return new BoxPrompt(b.x0(), b.y0(), b.x1() - 1, b.y1() - 1);
    }
}
