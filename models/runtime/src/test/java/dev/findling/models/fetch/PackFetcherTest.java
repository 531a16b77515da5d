package dev.findling.models.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything runs against 127.0.0.1 or local files; no test touches the network. */
class PackFetcherTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> rangesSeen = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean honourRanges = true;

    private final byte[] encoder = randomBytes(700_000, 1);
    private final byte[] decoder = randomBytes(90_000, 2);
    private final byte[] vocab = randomBytes(40_000, 3);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = served.get(exchange.getRequestURI().getPath());
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            int start = 0;
            if (range != null) {
                rangesSeen.add(range);
                Matcher m = RANGE.matcher(range);
                if (honourRanges && m.matches()) {
                    start = Integer.parseInt(m.group(1));
                }
            }
            if (start > 0) {
                exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - start);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, start, body.length - start);
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static PackManifest manifest(String id) {
        return new PackManifest(PackManifest.CURRENT_FORMAT, id, "Test pack", PackManifest.KIND_LEARNED, "test (learned)",
                "served from 127.0.0.1", null, List.of(
                new ModelEntry(Dialects.IMAGE_ENCODER, "sam", "enc.onnx", null, Map.of("image", "input_image"), Map.of(), null, null),
                new ModelEntry(Dialects.MASK_DECODER, "sam-onnx", "dec.onnx", null, Map.of(), Map.of(), null, null)));
    }

    /** An archive holding both graphs (as MobileSAM ships) plus a plain vocabulary file. */
    private KnownPack pack() throws IOException {
        byte[] archive = zip(new java.util.LinkedHashMap<>(Map.of("bundle/enc.onnx", encoder, "bundle/dec.onnx", decoder)));
        served.put("/models/bundle.zip", archive);
        served.put("/models/vocab.txt.gz", vocab);
        return new KnownPack("test", "a test pack", List.of(
                new KnownPack.Download("bundle.zip", URI.create(url("/models/bundle.zip")), Sha256.of(archive), archive.length,
                        "Apache-2.0", "test", List.of(
                        new KnownPack.ArchiveMember("enc.onnx", "enc.onnx", Sha256.of(encoder), encoder.length),
                        new KnownPack.ArchiveMember("dec.onnx", "dec.onnx", Sha256.of(decoder), decoder.length))),
                KnownPack.Download.file("vocab.txt.gz", url("/models/vocab.txt.gz"), Sha256.of(vocab), vocab.length, "MIT", "test")),
                manifest("test-pack-v1"));
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".tmp")
                    || p.toString().endsWith(".zip")).toList();
        }
    }

    @Test
    void downloadsVerifiesExtractsAndWritesTheManifestLast(@TempDir Path packs) throws IOException {
        KnownPack pack = pack();
        List<FetchProgress> reports = Collections.synchronizedList(new ArrayList<>());
        Path dir = PackFetcher.fetch(pack, packs, reports::add);

        assertEquals(packs.resolve("test-pack-v1"), dir);
        assertArrayEquals(encoder, Files.readAllBytes(dir.resolve("enc.onnx")));
        assertArrayEquals(decoder, Files.readAllBytes(dir.resolve("dec.onnx")));
        assertArrayEquals(vocab, Files.readAllBytes(dir.resolve("vocab.txt.gz")));
        assertEquals(List.of(), leftovers(dir), "no part files, temp files or archives stay behind");

        PackManifest written = ManifestReader.parse(Files.readAllBytes(dir.resolve(PackManifest.FILE_NAME)));
        assertEquals(pack.manifest().id(), written.id());
        assertEquals(PackManifest.KIND_LEARNED, written.kind());
        assertEquals("input_image", written.models().get(0).inputName("image"));

        FetchProgress last = reports.get(reports.size() - 1);
        assertEquals(FetchProgress.Stage.DONE, last.stage());
        assertEquals(pack.totalBytes(), last.packBytesDone());
        assertEquals(1.0, last.packFraction());
        assertTrue(reports.stream().anyMatch(r -> r.stage() == FetchProgress.Stage.EXTRACTING));
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i).packBytesDone() >= reports.get(i - 1).packBytesDone(), "progress never goes back");
        }
    }

    @Test
    void secondFetchSkipsVerifiedFiles(@TempDir Path packs) throws IOException {
        KnownPack pack = pack();
        PackFetcher.fetch(pack, packs, ProgressListener.NONE);
        served.clear(); // a second download would now fail with 404
        List<FetchProgress> reports = new ArrayList<>();
        PackFetcher.fetch(pack, packs, reports::add);
        assertTrue(reports.stream().allMatch(r -> r.stage() == FetchProgress.Stage.SKIPPED), reports.toString());
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest(@TempDir Path packs) throws IOException {
        KnownPack pack = pack();
        Path dir = packs.resolve("test-pack-v1");
        Files.createDirectories(dir);
        byte[] archive = served.get("/models/bundle.zip");
        Files.write(dir.resolve("bundle.zip.part"), java.util.Arrays.copyOf(archive, 100_000));

        PackFetcher.fetch(pack, packs, ProgressListener.NONE);
        assertEquals(List.of("bytes=100000-"), rangesSeen);
        assertArrayEquals(encoder, Files.readAllBytes(dir.resolve("enc.onnx")));
    }

    @Test
    void serverIgnoringRangesStillYieldsTheRightFile(@TempDir Path packs) throws IOException {
        honourRanges = false;
        KnownPack pack = pack();
        Path dir = packs.resolve("test-pack-v1");
        Files.createDirectories(dir);
        Files.write(dir.resolve("vocab.txt.gz.part"), java.util.Arrays.copyOf(vocab, 1000));
        PackFetcher.fetch(pack, packs, ProgressListener.NONE);
        assertArrayEquals(vocab, Files.readAllBytes(dir.resolve("vocab.txt.gz")));
    }

    @Test
    void checksumMismatchFailsAndLeavesNoFile(@TempDir Path packs) {
        served.put("/models/vocab.txt.gz", vocab);
        String wrong = Sha256.of(new byte[] {1});
        KnownPack pack = new KnownPack("bad", "bad pin", List.of(
                KnownPack.Download.file("vocab.txt.gz", url("/models/vocab.txt.gz"), wrong, vocab.length, "MIT", "test")),
                manifest("bad-pack"));
        FetchException e = assertThrows(FetchException.class, () -> PackFetcher.fetch(pack, packs, ProgressListener.NONE));
        assertTrue(e.getMessage().contains(wrong) && e.getMessage().contains(Sha256.of(vocab)), e.getMessage());
        Path dir = packs.resolve("bad-pack");
        assertFalse(Files.exists(dir.resolve("vocab.txt.gz")));
        assertFalse(Files.exists(dir.resolve("vocab.txt.gz.part")));
        assertFalse(Files.exists(dir.resolve(PackManifest.FILE_NAME)), "an incomplete pack has no manifest");
    }

    @Test
    void missingFileNamesTheStatus(@TempDir Path packs) {
        KnownPack pack = new KnownPack("gone", "moved upstream", List.of(
                KnownPack.Download.file("x.onnx", url("/nowhere/x.onnx"), Sha256.of(vocab), 10, "MIT", "test")),
                manifest("gone-pack"));
        FetchException e = assertThrows(FetchException.class, () -> PackFetcher.fetch(pack, packs, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void fetchesFromFileUrls(@TempDir Path packs, @TempDir Path mirror) throws IOException {
        Path source = mirror.resolve("vocab.txt.gz");
        Files.write(source, vocab);
        KnownPack pack = new KnownPack("local", "local mirror", List.of(
                new KnownPack.Download("vocab.txt.gz", source.toUri(), Sha256.of(vocab), vocab.length, "MIT", "test", List.of())),
                manifest("local-pack"));
        Path dir = PackFetcher.fetch(pack, packs, ProgressListener.NONE);
        assertArrayEquals(vocab, Files.readAllBytes(dir.resolve("vocab.txt.gz")));
    }

    @Test
    void manifestIsReplacedAtomically(@TempDir Path dir) throws IOException {
        PackFetcher.writeManifest(manifest("first"), dir);
        PackFetcher.writeManifest(manifest("second"), dir);
        assertEquals("second", ManifestReader.read(dir).id());
        assertEquals(List.of(), leftovers(dir));
    }
}
