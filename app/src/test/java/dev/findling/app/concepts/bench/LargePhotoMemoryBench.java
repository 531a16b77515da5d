package dev.findling.app.concepts.bench;

import dev.findling.app.ChildServer;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bench command for issue 13 item 5: the resident set size of a Findling server (a child JVM started as
 * {@code findling serve} starts it, the default reference pack, a fresh data folder) while four clients segment an
 * 81-megapixel PNG at once through {@code POST /api/concepts/{id}/segment}, and after the load has ended.
 *
 * <p>Targets: peak RSS under load &lt; 2 GB; RSS after the load within 300 MB of the warm baseline (the RSS after
 * two small segmentations, idle). RSS is read from {@code /proc/PID/status} every 50 ms. The 9000×9000 PNG is a
 * 600×600 synthetic scene enlarged ×15, written a row at a time (nothing large is kept or committed).
 *
 * <p>Arguments: {@code --rounds N} (default 3), {@code --idle-seconds S} to wait after each round (default 60),
 * and any further arguments are JVM options for the server (e.g. {@code -XX:G1PeriodicGCInterval=10000}).
 * Server options after {@code --server}: e.g. {@code --server --findling.limits.model-concurrency=4}.
 */
public final class LargePhotoMemoryBench {
    private static final int SIDE = 9000;
    private static final int SCALE = 15;
    private static final int CLIENTS = 4;

    /** Made afresh for each round: a connection the server closed while idle must not be reused. */
    private HttpClient http = newClient();
    private int port;

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int idleSeconds = 60;
        List<String> jvmOptions = new ArrayList<>();
        List<String> serverOptions = new ArrayList<>();
        boolean server = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--server" -> server = true;
                default -> (server ? serverOptions : jvmOptions).add(args[i]);
            }
        }
        new LargePhotoMemoryBench().run(rounds, idleSeconds, jvmOptions, serverOptions);
    }

    private void run(int rounds, int idleSeconds, List<String> jvmOptions, List<String> serverOptions) throws Exception {
        SyntheticScenes.Scene small = SyntheticScenes.render(SyntheticScenes.randomPlacement(SIDE / SCALE, SIDE / SCALE, 21));
        long t0 = System.nanoTime();
        byte[] large = enlargedPng(small, SCALE);
        System.out.printf(Locale.ROOT, "photo: %d×%d PNG, %,d bytes, written in %.1f s%n", SIDE, SIDE, large.length,
                (System.nanoTime() - t0) / 1e9);
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(640, 480, 7);
        byte[] refPng = PngWriter.rgb(ref.image());
        byte[] refMask = MaskImages.toPng(ref.disc());

        Path work = Files.createTempDirectory("findling-memory-bench-");
        List<String> command = new ArrayList<>(List.of(ChildServer.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), "dev.findling.app.cli.Main",
                "--data-dir", work.resolve("data").toString(), "serve", "--port", "0"));
        command.addAll(serverOptions);
        System.out.println("server: " + String.join(" ", command.subList(0, 1)) + " " + String.join(" ", jvmOptions)
                + " … serve --port 0 " + String.join(" ", serverOptions));
        ChildServer child = ChildServer.start(command, work, Duration.ofMinutes(5));
        try {
            port = child.port();
            long pid = child.process().pid();
            String concept = createConcept(refPng, refMask);
            for (int i = 0; i < 2; i++) {
                expectOk(segment(concept, refPng), "warm-up");
            }
            Thread.sleep(5_000);
            long baseline = rss(pid);
            System.out.printf(Locale.ROOT, "warm baseline RSS: %d MB%n", baseline >> 20);
            long[] peaks = new long[rounds];
            long[] after = new long[rounds];
            double[] seconds = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                http = newClient();
                RssSampler sampler = new RssSampler(pid);
                sampler.start();
                long start = System.nanoTime();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                List<Future<HttpResponse<String>>> responses = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    responses.add(clients.submit(() -> segment(concept, large)));
                }
                for (Future<HttpResponse<String>> f : responses) {
                    HttpResponse<String> response = f.get(10, TimeUnit.MINUTES);
                    expectOk(response, "round " + (r + 1));
                    if (!response.body().contains("\"width\":" + SIDE)) {
                        throw new AssertionError("the result is not at the photo's size: " + response.body());
                    }
                }
                clients.shutdown();
                seconds[r] = (System.nanoTime() - start) / 1e9;
                peaks[r] = sampler.stopAndPeak();
                Thread.sleep(idleSeconds * 1000L);
                after[r] = rss(pid);
                System.out.printf(Locale.ROOT, "round %d: 4 × 81 MP in %.1f s, peak RSS %d MB, RSS %d s after the load %d MB"
                        + " (%+d MB from the warm baseline)%n", r + 1, seconds[r], peaks[r] >> 20, idleSeconds,
                        after[r] >> 20, (after[r] - baseline) >> 20);
            }
            System.out.printf(Locale.ROOT, "median of %d rounds: peak RSS %d MB (target < 2048), after the load %d MB = "
                            + "baseline %+d MB (target ≤ +300), %.1f s per round; VmHWM %d MB%n", rounds,
                    median(peaks) >> 20, median(after) >> 20, (median(after) - baseline) >> 20, medianSeconds(seconds),
                    status(pid, "VmHWM:") >> 20);
        } catch (Exception | AssertionError e) {
            String log = child.log();
            System.out.println("server log (last 4 000 characters):\n" + log.substring(Math.max(0, log.length() - 4000)));
            throw e;
        } finally {
            child.process().toHandle().destroy();
            boolean stopped = child.process().waitFor(2, TimeUnit.MINUTES);
            child.close();
            if (!stopped || (child.process().exitValue() != 0 && child.process().exitValue() != 143)) {
                System.out.println(child.log());
            }
        }
    }

    /** This JVM's class path with every entry absolute: the server runs in its own working folder. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The scene with every pixel repeated k×k times, encoded row by row. */
    private static byte[] enlargedPng(SyntheticScenes.Scene scene, int k) {
        int w = scene.image().width();
        ByteBuffer pixels = scene.image().pixels();
        byte[] small = new byte[3 * w];
        return PngWriter.write(w * k, scene.image().height() * k, 3, (y, row) -> {
            pixels.get(3 * (y / k) * w, small, 0, small.length);
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < k; i++) {
                    System.arraycopy(small, 3 * x, row, 3 * (x * k + i), 3);
                }
            }
        }, 1);
    }

    private String createConcept(byte[] png, byte[] mask) throws Exception {
        Multipart body = new Multipart().file("image", "reference.png", png).file("mask", "mask.png", mask)
                .field("name", "disc").field("fineTune", "false");
        HttpResponse<String> r = http.send(body.post(uri("/api/concepts")), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new AssertionError("creating the concept answered " + r.statusCode() + ": " + r.body());
        }
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no concept id in " + r.body());
        }
        return m.group(1);
    }

    private HttpResponse<String> segment(String concept, byte[] png) throws Exception {
        Multipart body = new Multipart().file("image", "photo.png", png).field("maxInstances", "1");
        return http.send(body.post(uri("/api/concepts/" + concept + "/segment")), HttpResponse.BodyHandlers.ofString());
    }

    private static void expectOk(HttpResponse<String> r, String what) {
        if (r.statusCode() != 200) {
            throw new AssertionError(what + ": the segment request answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static long rss(long pid) {
        return status(pid, "VmRSS:");
    }

    /** A size field of /proc/PID/status, in bytes. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's /proc status: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double medianSeconds(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The largest RSS seen while the load runs. */
    private static final class RssSampler extends Thread {
        private final long pid;
        private volatile boolean running = true;
        private long peak;

        RssSampler(long pid) {
            super("rss-sampler");
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, rss(pid));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stopAndPeak() throws InterruptedException {
            running = false;
            join();
            return Math.max(peak, rss(pid));
        }
    }

    /** A multipart/form-data body (the JDK's client has none). */
    private static final class Multipart {
        private final String boundary = "----findling-bench-" + System.nanoTime();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Multipart file(String name, String filename, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: image/png\r\n\r\n");
            out.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        HttpRequest post(URI uri) {
            byte[] body = out.toByteArray();
            byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(body, body.length + end.length);
            System.arraycopy(end, 0, all, body.length, end.length);
            return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(all)).build();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
