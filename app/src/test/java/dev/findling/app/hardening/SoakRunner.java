package dev.findling.app.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.image.MaskImages;
import dev.findling.models.testing.SyntheticScenes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small soak load against a running Findling server on this machine: a mix of reads (concept list, concept, mask
 * PNG, active pack) and PerSAM segmentations of a synthetic image, at a fixed concurrency, with a deadline. Reports
 * throughput, latency percentiles and every non-2xx answer. Loopback only — it refuses other hosts, so it can never
 * load someone else's server.
 *
 * <p>{@code LoadTest.aShortSoakHasNoErrorsAndStableMemory} runs it against a test server (the numbers in
 * BENCHMARKS.md come from there: {@code mvn -q -o -pl app -am test -Dtest=LoadTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfindling.soak.requests=200 -Dfindling.soak.concurrency=4}); {@link #main} runs it, with the app's test
 * classpath, against a server started with {@code ./findling serve}.
 */
public final class SoakRunner {
    /** Share of segmentation requests in the mix; the rest are cheap reads. */
    static final double SEGMENT_SHARE = 0.3;

    /** The outcome of a run. */
    public record Result(int requests, int concurrency, double seconds, double requestsPerSecond, double p50Millis,
                         double p99Millis, double maxMillis, Map<String, Integer> byKind, List<String> errors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests at concurrency %d in %.1f s: %.1f req/s, p50 %.0f ms, p99 %.0f ms, "
                            + "max %.0f ms, mix %s, errors %d%s", requests, concurrency, seconds, requestsPerSecond, p50Millis,
                    p99Millis, maxMillis, byKind, errors.size(), errors.isEmpty() ? "" : " e.g. " + errors.get(0));
        }
    }

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public SoakRunner(URI base) throws IOException {
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the soak runner only loads servers on this machine (loopback), not " + base);
        }
        this.base = base;
    }

    /** Creates one concept, then runs {@code requests} mixed requests with {@code concurrency} clients. */
    public Result run(int requests, int concurrency, Duration deadline, long seed) throws Exception {
        String conceptId = createConcept();
        byte[] target = HardeningServerSupport.png(HardeningServerSupport.targetScene());
        Random random = new Random(seed);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            double u = random.nextDouble();
            kinds.add(u < SEGMENT_SHARE ? "segment" : u < 0.6 ? "list" : u < 0.8 ? "mask" : u < 0.9 ? "concept" : "pack");
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<String>> futures = new ArrayList<>();
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            int index = i;
            String kind = kinds.get(i);
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = client.send(request(kind, conceptId, target), HttpResponse.BodyHandlers.ofByteArray());
                millis[index] = (System.nanoTime() - t0) / 1e6;
                return r.statusCode() / 100 == 2 ? null : kind + " → " + r.statusCode() + " " + new String(r.body());
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            throw new TimeoutException("the soak run did not finish within " + deadline);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> errors = new ArrayList<>();
        for (Future<String> f : futures) {
            try {
                String error = f.get();
                if (error != null) {
                    errors.add(error);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add(String.valueOf(e.getCause()));
            }
        }
        Map<String, Integer> byKind = new TreeMap<>();
        kinds.forEach(k -> byKind.merge(k, 1, Integer::sum));
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Result(requests, concurrency, seconds, requests / seconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted[sorted.length - 1], byKind, errors);
    }

    private HttpRequest request(String kind, String conceptId, byte[] target) {
        Duration timeout = Duration.ofSeconds(60);
        return switch (kind) {
            case "segment" -> new HardeningServerSupport.Multipart().file("image", "t.png", "image/png", target)
                    .request(base.resolve("/api/concepts/" + conceptId + "/segment")).timeout(timeout)
                    .header("Accept", "application/json").build();
            case "list" -> get("/api/concepts", timeout);
            case "mask" -> get("/api/concepts/" + conceptId + "/mask.png", timeout);
            case "concept" -> get("/api/concepts/" + conceptId, timeout);
            default -> get("/api/packs/active", timeout);
        };
    }

    private HttpRequest get(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
    }

    private String createConcept() throws Exception {
        SyntheticScenes.Scene ref = HardeningServerSupport.referenceScene();
        HttpRequest request = new HardeningServerSupport.Multipart()
                .file("image", "reference.png", "image/png", HardeningServerSupport.png(ref))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(ref.disc()))
                .field("name", "soak")
                .request(base.resolve("/api/concepts")).timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("could not create the soak concept: " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body()).path("id").asText();
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code SoakRunner BASE_URL [REQUESTS=200] [CONCURRENCY=4]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SoakRunner http://127.0.0.1:8080 [requests=200] [concurrency=4]");
            System.exit(2);
        }
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Result result = new SoakRunner(URI.create(args[0])).run(requests, concurrency, Duration.ofMinutes(10), 42);
        System.out.println(result);
        System.exit(result.errors().isEmpty() ? 0 : 1);
    }
}
