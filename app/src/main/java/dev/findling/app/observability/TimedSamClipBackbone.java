package dev.findling.app.observability;

import dev.findling.models.clip.SamClipBackbone;
import dev.findling.models.image.RgbImage;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/**
 * A merged SAM-CLIP backbone whose every {@link #encode} is recorded in the {@value ModelTimers#ENCODE} timer: its
 * one run replaces an image-encoder run (and a dense-encoder run), so text segmentation on such a pack still shows
 * up there, tagged with the backbone's dialect ({@code sam+samclip}). Behaviour is the delegate's, unchanged.
 */
final class TimedSamClipBackbone implements SamClipBackbone {
    private final SamClipBackbone delegate;
    private final OutcomeTimer timer;

    TimedSamClipBackbone(SamClipBackbone delegate, String packId, MeterRegistry registry) {
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
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public Encoding encode(RgbImage image) {
        return timer.record(() -> delegate.encode(image));
    }

    @Override
    public String toString() {
        return "Timed[" + delegate + "]";
    }
}
