package dev.findling.personalize;

import dev.findling.models.ModelPack;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.sam.PointPrompt;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The personalize module's entry point: PerSAM and PerSAM-F (docs/ARCHITECTURE.md §3) over a model pack.
 *
 * <p>{@link #createConcept} turns one reference image and its mask into a {@link Concept};
 * {@link #segment(Concept, RgbImage)} finds and segments that concept in another image, deciding
 * presence from a calibrated score instead of always returning a mask, and optionally finding
 * several instances. Callers that cache embeddings use {@link #segment(Concept, ImageEmbedding)}
 * and never pay for the encoder twice.
 *
 * <p>Thread-safe and stateless apart from the (shared, thread-safe) encoder and decoder.
 */
public final class PerSam {
    /** Longest side of the reference thumbnail stored with a concept. */
    public static final int THUMBNAIL_SIDE = 256;

    private final ImageEncoder encoder;
    /** PerSAM's first pass, with the guidance when this decoder takes it. */
    private final MaskDecoder guidedDecoder;
    /** Every other pass: plain SAM prompting, as the authors' later passes and PerSAM-F run. */
    private final MaskDecoder decoder;
    private final String packId;
    private final PerSamOptions options;
    private final Clock clock;

    /**
     * PerSAM over a pack: its personalisation decoder ({@code persam}, the pack's own or derived from its stock
     * decoder) for the guided first pass, its prompt decoder for every other pass.
     */
    public PerSam(ModelPack pack, PerSamOptions options) {
        this(pack.imageEncoder(), pack.personalizationDecoder(), pack.promptDecoder(), pack.id(), options, Clock.systemUTC());
    }

    /** PerSAM over an explicit encoder and one decoder for every pass (for wiring and tests). */
    public static PerSam of(ImageEncoder encoder, MaskDecoder decoder, String packId, PerSamOptions options) {
        return new PerSam(encoder, decoder, decoder, packId, options, Clock.systemUTC());
    }

    /**
     * PerSAM over an explicit encoder, a decoder for the guided first pass and one for every other pass (the
     * {@code persam} graph applies its target-guided attention on every run, so it must not run the plain passes).
     */
    public static PerSam of(ImageEncoder encoder, MaskDecoder guidedDecoder, MaskDecoder plainDecoder, String packId,
                            PerSamOptions options) {
        return new PerSam(encoder, guidedDecoder, plainDecoder, packId, options, Clock.systemUTC());
    }

    private PerSam(ImageEncoder encoder, MaskDecoder guidedDecoder, MaskDecoder decoder, String packId,
                   PerSamOptions options, Clock clock) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.guidedDecoder = Objects.requireNonNull(guidedDecoder, "guidedDecoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.packId = Objects.requireNonNull(packId, "packId");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = clock;
    }

    public PerSamOptions options() {
        return options;
    }

    /** The same models with other options. */
    public PerSam withOptions(PerSamOptions other) {
        return new PerSam(encoder, guidedDecoder, decoder, packId, other, clock);
    }

    public String packId() {
        return packId;
    }

    /** Whether the decoder takes PerSAM's guidance inputs (docs/ARCHITECTURE.md §3 steps 3–4); false with a plain sam-onnx decoder. */
    public boolean guidanceSupported() {
        return guidedDecoder.acceptsGuidance();
    }

    /** Whether PerSAM-F can run: its decoder returns the three multimask candidates it mixes. */
    public boolean fineTuningSupported() {
        return decoder.candidates().multimaskCount() >= 3;
    }

    /**
     * Refuses PerSAM-F up front, before anything is encoded or stored, when the decoder cannot serve it.
     *
     * @throws FineTuningUnsupportedException when the decoder returns fewer than three multimask candidates
     */
    public void requireFineTuningSupported() {
        if (!fineTuningSupported()) {
            throw new FineTuningUnsupportedException(decoder.dialect(), decoder.candidates().multimaskCount());
        }
    }

    /**
     * Creates a concept from a reference image and a mask of the object in it.
     *
     * @param fineTune also fit PerSAM-F's mixing weights on the reference
     * @throws MaskSizeMismatchException when the mask does not have the image's size
     * @throws EmptyMaskException        when the mask selects no pixel
     */
    public Concept createConcept(String name, RgbImage reference, BinaryMask mask, boolean fineTune) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(mask, "mask");
        validateReference(reference, mask);
        if (fineTune) {
            requireFineTuningSupported();
        }
        ImageEmbedding embedding = encoder.encode(reference);
        return createConcept(name, reference, mask, embedding, fineTune);
    }

    /** As {@link #createConcept(String, RgbImage, BinaryMask, boolean)} with the reference already encoded. */
    public Concept createConcept(String name, RgbImage reference, BinaryMask mask, ImageEmbedding embedding, boolean fineTune) {
        validateReference(reference, mask);
        requireSamePack(embedding.packId());
        TargetFeatures target = TargetFeatures.compute(embedding, mask);
        MaskMixingWeights weights = fineTune ? fitMixingWeights(embedding, mask, target.persamFFeatUnit()) : null;
        byte[] thumbnail = PngWriter.rgb(Thumbnails.fit(reference, THUMBNAIL_SIDE));
        String id = UUID.randomUUID().toString();
        String display = name == null || name.isBlank() ? "concept" : name.strip();
        return new Concept(id, display, packId, target.targetFeatUnit(), target.targetEmbedding(), thumbnail, mask,
                Optional.ofNullable(weights), clock.instant());
    }

    /** Fits PerSAM-F's weights for an existing concept (for concepts created without fine-tuning). */
    public Concept fineTune(Concept concept, RgbImage reference) {
        requireSamePack(concept);
        validateReference(reference, concept.referenceMask());
        ImageEmbedding embedding = encoder.encode(reference);
        TargetFeatures target = TargetFeatures.compute(embedding, concept.referenceMask());
        return concept.withFineTuneWeights(fitMixingWeights(embedding, concept.referenceMask(), target.persamFFeatUnit()));
    }

    /**
     * PerSAM-F on the reference: the reference's own confidence map (with PerSAM-F's max/mean location feature)
     * gives the top-1 positive point, the decoder's three multimask outputs for that point are the maps to mix.
     */
    private MaskMixingWeights fitMixingWeights(ImageEmbedding reference, BinaryMask mask, float[] persamFFeatUnit) {
        requireFineTuningSupported();
        LocationConfidenceMap map = LocationConfidenceMap.compute(reference, persamFFeatUnit);
        LocationConfidenceMap.MapExtremum peak = map.maximum();
        DecoderResult multimask = decoder.decode(reference, DecoderPrompt.of(List.of(PointPrompt.positive(peak.x(), peak.y()))));
        return PerSamFineTuner.fit(multimask, mask, PerSamFineTuner.Resolution.SAMPLED).withLocationFeat(persamFFeatUnit);
    }

    /**
     * Encodes the image, then {@link #segment(Concept, ImageEmbedding)}; the result's timings include the encoder.
     * A concept of another pack is refused before the encoder runs.
     */
    public PerSamResult segment(Concept concept, RgbImage image) {
        requireSamePack(concept);
        long t0 = System.nanoTime();
        ImageEmbedding embedding = encoder.encode(image);
        long encoderNanos = System.nanoTime() - t0;
        return segment(concept, embedding).withImageEncoderNanos(encoderNanos);
    }

    /**
     * Finds the concept in an already-encoded image: confidence map, point priors, the guided
     * three-pass cascade (or PerSAM-F's when the concept is fine-tuned and the options allow it),
     * presence scoring, then further instances while peaks remain above the threshold.
     */
    public PerSamResult segment(Concept concept, ImageEmbedding embedding) {
        requireSamePack(concept);
        requireSamePack(embedding.packId());
        PerSamCascade.Clock timer = new PerSamCascade.Clock();
        long t0 = System.nanoTime();
        Optional<MaskMixingWeights> weights = options.useFineTuning() ? concept.fineTuneWeights() : Optional.empty();
        // PerSAM-F locates with its own max/mean feature; PerSAM with the mean.
        float[] locationFeat = weights.map(MaskMixingWeights::locationFeatUnsafe).orElse(concept.targetFeatUnsafe());
        LocationConfidenceMap map = LocationConfidenceMap.compute(embedding, locationFeat);
        LocationConfidenceMap.MapExtremum negative = weights.isPresent() ? null : map.minimum();
        timer.confidenceMapNanos += System.nanoTime() - t0;

        List<PerSamResult.Instance> instances = new ArrayList<>();
        List<PointPrompt> firstPrompts = null;
        double firstScore = 0;
        float firstPeak = Float.NaN;
        float firstIou = 0;
        boolean guided = false;
        LocationConfidenceMap current = map;
        int attempts = 0;
        int maxAttempts = options.maxInstances() + 2;
        while (instances.size() < options.maxInstances() && attempts++ < maxAttempts) {
            t0 = System.nanoTime();
            LocationConfidenceMap.MapExtremum peak = current.maximum();
            timer.confidenceMapNanos += System.nanoTime() - t0;
            if (firstPrompts != null && PresenceScore.upperBound(peak.value()) < options.presenceThreshold()) {
                break; // no remaining location could pass, whatever the decoder says
            }
            PointPrompt positive = PointPrompt.positive(peak.x(), peak.y());
            PerSamCascade.Candidate candidate;
            if (weights.isPresent()) {
                candidate = PerSamCascade.persamF(decoder, embedding, positive, weights.get(), timer);
            } else {
                PerSamGuidance guidance = null;
                if (guidedDecoder.acceptsGuidance()) {
                    t0 = System.nanoTime();
                    guidance = new PerSamGuidance(current.attnSim4096(), concept.targetEmbeddingUnsafe());
                    timer.confidenceMapNanos += System.nanoTime() - t0;
                }
                List<PointPrompt> points = List.of(positive, PointPrompt.negative(negative.x(), negative.y()));
                candidate = PerSamCascade.persam(guidance == null ? decoder : guidedDecoder, decoder, embedding, points,
                        guidance, timer);
            }
            double score = candidate.isEmpty() ? 0 : PresenceScore.of(peak.value(), candidate.iouEstimate());
            if (firstPrompts == null) {
                firstPrompts = candidate.prompts();
                firstScore = score;
                firstPeak = peak.value();
                firstIou = candidate.isEmpty() ? 0 : candidate.iouEstimate();
                guided = candidate.guidanceApplied();
            }
            if (candidate.isEmpty() || score < options.presenceThreshold()) {
                break;
            }
            long p0 = System.nanoTime();
            boolean overlaps = false;
            for (PerSamResult.Instance previous : instances) {
                if (previous.mask().iou(candidate.mask()) > options.maxInstanceOverlap()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                instances.add(new PerSamResult.Instance(score, candidate.mask(), candidate.box().orElseThrow(),
                        candidate.prompts(), peak.value(), candidate.iouEstimate()));
            }
            if (instances.size() < options.maxInstances()) {
                current = suppress(current, candidate.mask(), peak);
            }
            timer.postProcessingNanos += System.nanoTime() - p0;
        }

        long p0 = System.nanoTime();
        var g = embedding.geometry();
        BinaryMask union = BinaryMask.empty(g.originalWidth(), g.originalHeight());
        Optional<PixelBox> box = Optional.empty();
        if (instances.size() == 1) {
            union = instances.get(0).mask();
            box = Optional.of(instances.get(0).box());
        } else if (!instances.isEmpty()) {
            for (PerSamResult.Instance i : instances) {
                union = union.union(i.mask());
            }
            box = union.box();
        }
        timer.postProcessingNanos += System.nanoTime() - p0;
        return new PerSamResult(!instances.isEmpty(), firstScore, union, box,
                firstPrompts == null ? List.of() : firstPrompts, guided, weights.isPresent(), firstPeak, firstIou,
                timer.timings(), instances);
    }

    /** Removes a found instance (and the peak's own cell) from the map so the next maximum lies elsewhere. */
    private static LocationConfidenceMap suppress(LocationConfidenceMap map, BinaryMask found, LocationConfidenceMap.MapExtremum peak) {
        float[] coverage = FeatureGridMask.coverage(found, map.geometry());
        boolean[] cells = new boolean[coverage.length];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = coverage[i] > 0;
        }
        var g = map.geometry();
        int stride = g.inputSize() / LocationConfidenceMap.GRID;
        int gx = Math.min(LocationConfidenceMap.GRID - 1, (int) (g.xToInputFrame(peak.x() + 0.5f) / stride));
        int gy = Math.min(LocationConfidenceMap.GRID - 1, (int) (g.yToInputFrame(peak.y() + 0.5f) / stride));
        cells[gy * LocationConfidenceMap.GRID + gx] = true;
        return map.suppress(cells);
    }

    /**
     * What a reference must satisfy to become a concept, for callers that check a request before queuing work.
     *
     * @throws MaskSizeMismatchException when the mask does not have the image's size
     * @throws EmptyMaskException        when the mask selects no pixel
     */
    public static void validateReference(RgbImage reference, BinaryMask mask) {
        if (mask.width() != reference.width() || mask.height() != reference.height()) {
            throw new MaskSizeMismatchException(mask.width(), mask.height(), reference.width(), reference.height());
        }
        if (mask.isEmpty()) {
            throw new EmptyMaskException(mask.width(), mask.height());
        }
    }

    /**
     * The one pack check for concepts: a concept's vectors only mean something in the feature space of the pack it
     * was made with. Callers that do work before PerSAM runs (a library search, a cleaning job) call it first.
     *
     * @throws ConceptPackMismatchException when the concept was made with another pack
     */
    public void requireSamePack(Concept concept) {
        requireSamePack(concept.packId());
    }

    private void requireSamePack(String otherPackId) {
        if (!packId.equals(otherPackId)) {
            throw new ConceptPackMismatchException(otherPackId, packId);
        }
    }
}
