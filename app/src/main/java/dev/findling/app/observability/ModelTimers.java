package dev.findling.app.observability;

import dev.findling.models.ModelPack;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Times the two model calls every feature goes through — the SAM image encoder (the expensive step, once per
 * image) and the mask decoder (once per prompt or PerSAM pass) — by decorating the pack's role objects once,
 * where {@code packs.ActivePack} opens the pack. Concepts, click-to-segment, text segmentation,
 * library ingestion and cleaning then all report into the same two timers without knowing about them.
 *
 * <p>Prometheus names: {@code findling_model_encode_seconds_{count,sum,max,bucket}} and
 * {@code findling_model_decode_seconds_…}, tags {@code pack}, {@code dialect}, {@code outcome} (success|error).
 */
@Component
public class ModelTimers {
    /** Timer name of image encoder runs. */
    public static final String ENCODE = "findling.model.encode";
    /** Timer name of mask decoder passes. */
    public static final String DECODE = "findling.model.decode";

    private final MeterRegistry registry;

    public ModelTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The pack with timed image encoder and mask decoders; shares the original's sessions. */
    public ModelPack instrument(ModelPack pack) {
        String packId = pack.id();
        return pack.withDecorators(ModelPack.Decorators.none()
                .withImageEncoder(encoder -> encoder instanceof TimedImageEncoder ? encoder
                        : new TimedImageEncoder(encoder, packId, registry))
                .withMaskDecoder(decoder -> decoder instanceof TimedMaskDecoder ? decoder
                        : new TimedMaskDecoder(decoder, packId, registry))
                // A merged SAM-CLIP backbone's run stands in for an encoder run (text segmentation, refined mode).
                .withSamClipBackbone(backbone -> backbone instanceof TimedSamClipBackbone ? backbone
                        : new TimedSamClipBackbone(backbone, packId, registry)));
    }

    /** Whether the encoder is one of ours (tests). */
    static boolean isTimed(ImageEncoder encoder) {
        return encoder instanceof TimedImageEncoder;
    }

    static boolean isTimed(MaskDecoder decoder) {
        return decoder instanceof TimedMaskDecoder;
    }

    static Timer timer(MeterRegistry registry, String name, String description, String packId, String dialect,
                       String outcome) {
        // A histogram so that Prometheus can compute p50/p99 across instances (histogram_quantile).
        return Timer.builder(name)
                .description(description)
                .tag("pack", packId)
                .tag("dialect", dialect)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
