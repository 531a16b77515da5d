package dev.findling.app.observability;

import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ImageEncoder} that records every {@link #encode} in the {@value ModelTimers#ENCODE} timer, tagged with
 * the pack, the dialect and whether it succeeded. Behaviour (results, exceptions) is the delegate's, unchanged.
 */
final class TimedImageEncoder implements ImageEncoder {
    private final ImageEncoder delegate;
    private final Timer succeeded;
    private final Timer failed;

    TimedImageEncoder(ImageEncoder delegate, String packId, MeterRegistry registry) {
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
    public ImageEmbedding encode(RgbImage image) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            ImageEmbedding embedding = delegate.encode(image);
            ok = true;
            return embedding;
        } finally {
            (ok ? succeeded : failed).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
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
