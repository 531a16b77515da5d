package dev.findling.app.observability;

import dev.findling.models.clip.SamClipBackbone;
import dev.findling.models.image.RgbImage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A merged SAM-CLIP backbone whose every {@link #encode} is recorded in the {@value ModelTimers#ENCODE} timer: its
 * one run replaces an image-encoder run (and a dense-encoder run), so text segmentation on such a pack still shows
 * up there, tagged with the backbone's dialect ({@code sam+samclip}). Behaviour is the delegate's, unchanged.
 */
final class TimedSamClipBackbone implements SamClipBackbone {
    private final SamClipBackbone delegate;
    private final Timer succeeded;
    private final Timer failed;

    TimedSamClipBackbone(SamClipBackbone delegate, String packId, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.succeeded = ModelTimers.timer(registry, ModelTimers.ENCODE, "SAM image encoder runs", packId,
                delegate.dialect(), "success");
        this.failed = ModelTimers.timer(registry, ModelTimers.ENCODE, "SAM image encoder runs", packId,
                delegate.dialect(), "error");
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
        long start = System.nanoTime();
        boolean ok = false;
        try {
            Encoding encoding = delegate.encode(image);
            ok = true;
            return encoding;
        } finally {
            (ok ? succeeded : failed).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "Timed[" + delegate + "]";
    }
}
