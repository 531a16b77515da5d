package dev.findling.app.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One model timer split by outcome: a call is recorded under {@code outcome=success} when it returns and
 * {@code outcome=error} when it throws, its result or exception passed on unchanged. Shared by the pack's timing
 * decorators so that every model call is measured the same way.
 */
final class OutcomeTimer {
    private final Timer succeeded;
    private final Timer failed;

    OutcomeTimer(MeterRegistry registry, String name, String description, String packId, String dialect) {
        this.succeeded = ModelTimers.timer(registry, name, description, packId, dialect, "success");
        this.failed = ModelTimers.timer(registry, name, description, packId, dialect, "error");
    }

    <T> T record(Supplier<T> call) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = call.get();
            ok = true;
            return result;
        } finally {
            (ok ? succeeded : failed).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
