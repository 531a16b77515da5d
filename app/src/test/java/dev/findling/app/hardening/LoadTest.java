package dev.findling.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency: parallel segmentations of one image give exactly the masks a serial run gives (the encoder and
 * decoders are shared, stateless functions), and a short soak of mixed requests has no errors and does not grow
 * memory.
 */
class LoadTest extends HardeningServerSupport {
    static final int PARALLEL = 10;

    @Test
    void tenParallelSegmentationsReturnTheSerialMasksByteForByte() throws Exception {
        String conceptId = createConcept("load");
        byte[] image = png(targetScene());
        Callable<String> segment = () -> {
            HttpResponse<String> r = post("/api/concepts/" + conceptId + "/segment",
                    new Multipart().file("image", "t.png", "image/png", image).field("maxInstances", "3"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode result = json.readTree(r.body());
            assertThat(result.path("found").asBoolean()).isTrue();
            // The whole-mask RLE and every instance's RLE, as the server wrote them.
            StringBuilder masks = new StringBuilder(result.path("rle").toString());
            result.path("instances").forEach(i -> masks.append('|').append(i.path("rle").toString()));
            return masks.toString();
        };
        String serial = segment.call();
        assertThat(segment.call()).as("two serial runs").isEqualTo(serial);

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<String>> parallel = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                parallel.add(pool.submit(segment));
            }
            for (Future<String> f : parallel) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(serial);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** 200 mixed requests at concurrency 4 (≈ 60 segmentations), four times — a warm-up and three measured rounds. */
    @Test
    @Tag("soak")
    void aShortSoakHasNoErrorsAndStableMemory() throws Exception {
        int requests = Integer.getInteger("findling.soak.requests", 200);
        int concurrency = Integer.getInteger("findling.soak.concurrency", 4);
        SoakRunner runner = new SoakRunner(URI.create("http://127.0.0.1:" + port));
        // Warm-up with the same load: the JIT, ONNX Runtime's and malloc's per-thread arenas and the result folders
        // reach their working size during the first round; a leak keeps growing in the second.
        SoakRunner.Result warmUp = runner.run(requests, concurrency, Duration.ofMinutes(5), 1);
        MemorySnapshot before = MemorySnapshot.take();
        System.out.println("soak warm-up: " + warmUp);
        // Three measured rounds (-Dfindling.soak.rounds=N for more). Resident memory outside the heap moves by tens of MB
        // now and then as glibc hands Tomcat's threads new malloc arenas; a leak grows in every round. So native growth
        // is judged on the quietest round, heap growth on every round.
        int rounds = Math.max(2, Integer.getInteger("findling.soak.rounds", 3));
        long quietestNativeGrowth = Long.MAX_VALUE;
        for (int round = 1; round <= rounds; round++) {
            SoakRunner.Result result = runner.run(requests, concurrency, Duration.ofMinutes(5), 41 + round);
            MemorySnapshot after = MemorySnapshot.take();
            MemorySnapshot growth = after.minus(before);
            before = after;
            System.out.println("soak round " + round + ": " + result + "; memory growth: " + growth);
            assertThat(result.errors()).isEmpty();
            assertThat(growth.heapAfterGcBytes()).as(growth.toString()).isLessThan(48_000_000L);
            assertThat(growth.directBytes() + growth.mappedBytes()).as(growth.toString()).isLessThan(16_000_000L);
            quietestNativeGrowth = Math.min(quietestNativeGrowth, growth.nativeRssBytes());
        }
        // A leak of one 4 MB embedding per segmentation would add ≈ 200 MB in every round.
        assertThat(quietestNativeGrowth).as("VmRSS growth outside the heap in the quietest round").isLessThan(128_000_000L);
    }
}
