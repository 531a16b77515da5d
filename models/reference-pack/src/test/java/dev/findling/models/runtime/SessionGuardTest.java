package dev.findling.models.runtime;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a pack while other threads run its sessions — what a shutdown during an ingestion does — must neither
 * crash the JVM in native code nor fail the runs already inside; runs that start later are refused in words.
 */
class SessionGuardTest {

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
                        } catch (ModelExecutionException e) {
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
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads, refused.get(), "every loop was refused once the pack closed");
        assertTrue(completed.get() > 0, "runs before the close completed");
        ModelExecutionException later = assertThrows(ModelExecutionException.class, () -> encoder.encode(image));
        assertTrue(later.getMessage().contains("model pack was closed"), later.getMessage());
    }
}
