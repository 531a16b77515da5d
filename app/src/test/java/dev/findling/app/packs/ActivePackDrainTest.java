package dev.findling.app.packs;

import dev.findling.app.FindlingProperties;
import dev.findling.app.TestData;
import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.Device;
import dev.findling.models.runtime.PackClosedException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Switching packs and shutting down while model runs are in flight rely on the sessions' guard alone: the pack being
 * replaced or shut down closes only after the runs inside it have ended, runs asked of it later are refused with a
 * {@link PackClosedException} (a 503 that says to run the work again), and nothing else fails.
 */
class ActivePackDrainTest {
    private static final int THREADS = 3;
    private final RgbImage image = RgbImage.of(320, 240, new byte[320 * 240 * 3]);

    @Test
    void aSwitchedOutPackClosesAfterItsRunsInFlightAndRefusesLaterRuns() throws Exception {
        Path first = referencePack("findling-drain-a-");
        Path second = referencePack("findling-drain-b-");
        try (ActivePack active = new ActivePack(properties(first))) {
            ModelPack old = active.require();
            Encoding loops = encodeInLoops(old);
            try {
                loops.awaitUnderWay();
                ModelPack now = active.switchTo(second);
                assertThat(loops.awaitRefusals()).as("every loop was refused once, and nothing failed otherwise")
                        .isEqualTo(THREADS);
                assertThat(old.awaitClosed(Duration.ofSeconds(30))).as("the old pack closed after its last run").isTrue();
                assertThatThrownBy(() -> old.imageEncoder().encode(image)).isInstanceOf(PackClosedException.class)
                        .hasMessageContaining("model pack was closed");
                assertThat(active.require()).isSameAs(now);
                assertThat(now.imageEncoder().encode(image).packId()).isEqualTo(ReferencePack.ID);
            } finally {
                loops.stop();
            }
        }
    }

    @Test
    void shutdownWaitsForTheRunsInFlightThenTheSessionsAreClosed() throws Exception {
        ActivePack active = new ActivePack(properties(referencePack("findling-drain-shutdown-")));
        ModelPack pack = active.require();
        Encoding loops = encodeInLoops(pack);
        try {
            loops.awaitUnderWay();
            active.close();
            assertThat(pack.awaitClosed(Duration.ZERO)).as("close() returned after the bounded drain").isTrue();
            assertThat(loops.awaitRefusals()).isEqualTo(THREADS);
            assertThatThrownBy(active::require).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("shutting down");
        } finally {
            loops.stop();
        }
    }

    private static Path referencePack(String prefix) {
        Path dir = TestData.newTempDir(prefix).resolve(ReferencePack.ID);
        ReferencePack.ensure(dir);
        return dir;
    }

    private static FindlingProperties properties(Path packDir) {
        return new FindlingProperties(TestData.newTempDir("findling-drain-data-"), packDir, Device.CPU, true, 0,
                new FindlingProperties.Clip(null));
    }

    /** Threads encoding on one pack until it refuses them; each counts its completed runs and its one refusal. */
    private Encoding encodeInLoops(ModelPack pack) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        pack.imageEncoder().encode(image);
                        completed.incrementAndGet();
                    } catch (PackClosedException e) {
                        refused.incrementAndGet();
                        return null;
                    }
                }
                return null;
            }));
        }
        return new Encoding(pool, futures, completed, refused);
    }

    private record Encoding(ExecutorService pool, List<Future<?>> futures, AtomicInteger completed,
                            AtomicInteger refused) {
        /** Returns once every thread has finished a run, so that runs are inside the sessions at the close. */
        void awaitUnderWay() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (completed.get() < THREADS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(completed.get()).as("the loops are under way").isGreaterThanOrEqualTo(THREADS);
        }

        /** The refusals once every loop has ended; a loop that failed any other way fails the test here. */
        int awaitRefusals() throws Exception {
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            return refused.get();
        }

        void stop() {
            pool.shutdownNow();
        }
    }
}
