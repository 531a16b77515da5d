package dev.findling.app.hardening;

import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded fuzzing of image input: broken JPEG/PNG/GIF/BMP/WebP files (magic bytes + garbage, truncations, bit flips)
 * into {@link ImageDecoder} in-process, and into the concept segmentation API over HTTP. Every input must end — with
 * an image or an {@link ImageDecodeException} in-process, with a 2xx or a 4xx problem detail over HTTP (never a 500)
 * — within a generous per-input timeout, and a second round must not grow memory.
 *
 * <p>Memory bounds (second round against the first, measured after full GCs): heap ≤ 48 MB, direct + mapped NIO
 * buffers ≤ 16 MB, VmRSS outside the committed heap ≤ 256 MB. They are loose on purpose — the JIT, the allocator and ONNX Runtime's arenas move
 * a few MB — but a leak of one decoded image or one embedding per request over a round (hundreds of them,
 * 1–4 MB each) exceeds them.
 */
class FuzzTest extends HardeningServerSupport {
    static final long SEED = 20261126L;
    static final int DECODER_CASES_PER_ROUND = 1_500;
    static final int API_CASES_PER_ROUND = 100;
    /**
     * The seeds are under 150 px a side; fuzzed headers that declare more than 1 MP are refused from the header
     * (TOO_MANY_PIXELS) instead of decoding megapixels of garbage, which is what keeps 3000 cases fast.
     */
    static final ImageLimits LIMITS = new ImageLimits(1_000_000, 1_000_000);
    static final long MB = 1_000_000;

    @Test
    void brokenImagesFailCleanlyInTheDecoderWithoutLeaking() throws Exception {
        FuzzCorpus corpus = new FuzzCorpus(SEED, 64);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-decoder");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Integer> outcomes = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            long start = System.nanoTime();
            decodeRound(corpus, worker, DECODER_CASES_PER_ROUND, outcomes, failures);
            MemorySnapshot before = MemorySnapshot.take();
            decodeRound(corpus, worker, DECODER_CASES_PER_ROUND, outcomes, failures);
            MemorySnapshot growth = MemorySnapshot.take().minus(before);
            System.out.printf("decoder fuzz: %d cases in %.1f s, outcomes %s; second round memory growth: %s%n",
                    2 * DECODER_CASES_PER_ROUND, (System.nanoTime() - start) / 1e9, outcomes, growth);
            assertThat(failures).as("inputs that failed with something other than ImageDecodeException").isEmpty();
            assertThat(outcomes).containsKey("decoded").containsKey("CORRUPT");
            assertBounded(growth);
        } finally {
            worker.shutdownNow();
        }
    }

    private static void decodeRound(FuzzCorpus corpus, ExecutorService worker, int cases, Map<String, Integer> outcomes,
                                    List<String> failures) throws InterruptedException {
        for (int i = 0; i < cases; i++) {
            FuzzCorpus.Case c = corpus.next();
            boolean asMask = i % 5 == 0;
            Future<String> result = worker.submit(() -> {
                try {
                    if (asMask) {
                        MaskImages.read(c.bytes(), LIMITS);
                    } else {
                        ImageDecoder.read(c.bytes(), LIMITS);
                    }
                    return "decoded";
                } catch (ImageDecodeException e) {
                    return e.reason().name();
                }
            });
            try {
                outcomes.merge(result.get(20, TimeUnit.SECONDS), 1, Integer::sum);
            } catch (ExecutionException e) {
                if (failures.size() < 20) {
                    failures.add(c.label() + (asMask ? " (as mask)" : "") + ": " + e.getCause());
                }
            } catch (TimeoutException e) {
                fail("decoding " + c.label() + " did not finish within 20 s");
            }
        }
    }

    @Test
    void brokenImagesNeverMakeTheApiFailOrLeak() throws Exception {
        String conceptId = createConcept("fuzz");
        FuzzCorpus corpus = new FuzzCorpus(SEED + 1, 96);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        apiRound(conceptId, corpus, statuses);
        MemorySnapshot before = MemorySnapshot.take();
        apiRound(conceptId, corpus, statuses);
        MemorySnapshot growth = MemorySnapshot.take().minus(before);
        System.out.printf("API fuzz: %d requests in %.1f s, statuses %s; second round memory growth: %s%n",
                2 * API_CASES_PER_ROUND, (System.nanoTime() - start) / 1e9, statuses, growth);
        assertThat(statuses.keySet()).allMatch(s -> s < 500);
        assertThat(statuses).containsKey(200);
        assertBounded(growth);
        // And the server still answers a good request.
        HttpResponse<String> good = post("/api/concepts/" + conceptId + "/segment",
                new Multipart().file("image", "t.png", "image/png", png(targetScene())));
        assertThat(good.statusCode()).isEqualTo(200);
    }

    private void apiRound(String conceptId, FuzzCorpus corpus, Map<Integer, Integer> statuses) throws IOException {
        for (int i = 0; i < API_CASES_PER_ROUND; i++) {
            FuzzCorpus.Case c = corpus.next();
            HttpResponse<String> r;
            try {
                r = post("/api/concepts/" + conceptId + "/segment",
                        new Multipart().file("image", "fuzz.bin", "application/octet-stream", c.bytes()));
            } catch (java.io.UncheckedIOException e) {
                if (e.getCause() instanceof HttpTimeoutException) {
                    fail(c.label() + ": no answer within " + REQUEST_TIMEOUT);
                }
                throw e;
            }
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertThat(r.statusCode()).as(c.label() + " → " + r.body()).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertProblem(r, r.statusCode());
            }
        }
    }

    private static void assertBounded(MemorySnapshot growth) {
        assertThat(growth.heapAfterGcBytes()).as("heap growth, " + growth).isLessThan(48 * MB);
        assertThat(growth.directBytes() + growth.mappedBytes()).as("NIO buffer growth, " + growth).isLessThan(16 * MB);
        assertThat(growth.nativeRssBytes()).as("VmRSS growth outside the heap, " + growth).isLessThan(256 * MB);
    }
}
