package dev.findling.app.observability;

import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/**
 * A {@link MaskDecoder} that records every {@link #decode} pass in the {@value ModelTimers#DECODE} timer, tagged
 * with the pack, the dialect ({@code sam-onnx}, {@code persam}, …) and whether it succeeded.
 */
final class TimedMaskDecoder implements MaskDecoder {
    private final MaskDecoder delegate;
    private final OutcomeTimer timer;

    TimedMaskDecoder(MaskDecoder delegate, String packId, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timer = new OutcomeTimer(registry, ModelTimers.DECODE, "SAM mask decoder passes", packId, delegate.dialect());
    }

    @Override
    public String dialect() {
        return delegate.dialect();
    }

    @Override
    public boolean acceptsGuidance() {
        return delegate.acceptsGuidance();
    }

    @Override
    public dev.findling.models.sam.DecoderResult.CandidateLayout candidates() {
        return delegate.candidates();
    }

    @Override
    public boolean acceptsMaskInput() {
        return delegate.acceptsMaskInput();
    }

    @Override
    public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
        return timer.record(() -> delegate.decode(embedding, prompt));
    }

    MaskDecoder delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "Timed[" + delegate + "]";
    }
}
