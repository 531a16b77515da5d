package dev.findling.app.observability;

import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/**
 * An {@link ImageEncoder} that records every {@link #encode} in the {@value ModelTimers#ENCODE} timer, tagged with
 * the pack, the dialect and whether it succeeded. Behaviour (results, exceptions) is the delegate's, unchanged.
 */
final class TimedImageEncoder implements ImageEncoder {
    private final ImageEncoder delegate;
    private final OutcomeTimer timer;

    TimedImageEncoder(ImageEncoder delegate, String packId, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timer = new OutcomeTimer(registry, ModelTimers.ENCODE, "SAM image encoder runs", packId, delegate.dialect());
    }

    @Override
    public String dialect() {
        return delegate.dialect();
    }

    @Override
    public int inputSize() {
        return delegate.inputSize();
    }

    @Override
    public ImageEmbedding encode(RgbImage image) {
        return timer.record(() -> delegate.encode(image));
    }

    /** The undecorated encoder (tests, diagnostics). */
    ImageEncoder delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "Timed[" + delegate + "]";
    }
}
