package dev.findling.app.observability;

import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MaskDecoder} that records every {@link #decode} pass in the {@value ModelTimers#DECODE} timer, tagged
 * with the pack, the dialect ({@code sam-onnx}, {@code persam}, …) and whether it succeeded.
 */
final class TimedMaskDecoder implements MaskDecoder {
    private final MaskDecoder delegate;
    private final Timer succeeded;
    private final Timer failed;

    TimedMaskDecoder(MaskDecoder delegate, String packId, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.succeeded = ModelTimers.timer(registry, ModelTimers.DECODE, "SAM mask decoder passes", packId,
                delegate.dialect(), "success");
        this.failed = ModelTimers.timer(registry, ModelTimers.DECODE, "SAM mask decoder passes", packId,
                delegate.dialect(), "error");
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
    public boolean acceptsMaskInput() {
        return delegate.acceptsMaskInput();
    }

    @Override
    public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            DecoderResult result = delegate.decode(embedding, prompt);
            ok = true;
            return result;
        } finally {
            (ok ? succeeded : failed).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    MaskDecoder delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "Timed[" + delegate + "]";
    }
}
