package dev.findling.models.runtime;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtSession;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a pack while other threads run its sessions — what a shutdown during an ingestion does — must neither
 * crash the JVM in native code nor fail the runs already inside; runs that start later are refused in words. The
 * application's pack switching and shutdown rely on this guard alone (docs/ARCHITECTURE.md).
 */
class SessionGuardTest {

    @Test
    void aSessionClosedWhileARunIsInsideClosesWhenThatRunLeavesAndRefusesLaterRuns() throws Exception {
        SessionFactory factory = SessionFactory.create(ExecutionSettings.defaults());
        Path onnx = firstOnnxFile(ReferencePackFixture.directory());
        OrtSession session = factory.open(onnx);
        SessionGuard guard = SessionGuard.of(session);
        guard.enter("encoder.onnx"); // a run inside the session, held open by the test

        guard.close();
        assertFalse(guard.isClosed(), "closing waits for the run inside");
        assertFalse(guard.awaitClosed(Duration.ofMillis(100)), "the wait is bounded while the run stays inside");
        PackClosedException refused = assertThrows(PackClosedException.class, () -> guard.enter("encoder.onnx"));
        assertTrue(refused.getMessage().contains("model pack was closed"), refused.getMessage());
        assertEquals(1, guard.running(), "a refused run never entered");

        guard.leave();
        assertTrue(guard.awaitClosed(Duration.ofSeconds(10)), "the last run out closed the session");
        assertTrue(guard.isClosed());
        guard.close(); // idempotent: no second native close
    }

    @Test
    void closingAnIdlePackClosesEverySessionAtOnce() throws Exception {
        ModelPack pack = ModelPack.open(ReferencePackFixture.directory(), ExecutionSettings.defaults());
        pack.close();
        assertTrue(pack.awaitClosed(Duration.ofSeconds(5)));
        assertThrows(PackClosedException.class,
                () -> pack.imageEncoder().encode(SyntheticScenes.standardScene(64, 48, 1).image()));
    }

    private static Path firstOnnxFile(Path packDir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(packDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".onnx")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void closingAPackWhileEncodersRunWaitsForThemAndRefusesLaterRuns() throws Exception {
        ModelPack pack = ModelPack.open(ReferencePackFixture.directory(), ExecutionSettings.defaults());
        ImageEncoder encoder = pack.imageEncoder();
        RgbImage image = SyntheticScenes.standardScene(640, 480, 5).image();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch running = new CountDownLatch(threads);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                loops.add(pool.submit(() -> {
                    running.countDown();
                    for (int i = 0; i < 200; i++) {
                        try {
                            encoder.encode(image);
                            completed.incrementAndGet();
                        } catch (PackClosedException e) {
                            assertTrue(e.getMessage().contains("model pack was closed"), e.getMessage());
                            refused.incrementAndGet();
                            return null;
                        }
                    }
                    return null;
                }));
            }
            assertTrue(running.await(30, TimeUnit.SECONDS));
            // Close once the loops are well under way, so that runs are inside the sessions when it happens.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (completed.get() < threads && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            pack.close();
            for (Future<?> f : loops) {
                f.get(2, TimeUnit.MINUTES); // no run failed any other way, and the JVM is still here
            }
            assertTrue(pack.awaitClosed(Duration.ofSeconds(30)), "the sessions closed once the runs inside had left");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads, refused.get(), "every loop was refused once the pack closed");
        assertTrue(completed.get() > 0, "runs before the close completed");
        PackClosedException later = assertThrows(PackClosedException.class, () -> encoder.encode(image));
        assertTrue(later.getMessage().contains("model pack was closed"), later.getMessage());
    }
}
