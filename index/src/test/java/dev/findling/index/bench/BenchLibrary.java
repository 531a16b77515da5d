package dev.findling.index.bench;

import dev.findling.index.ClusteredVectors;
import dev.findling.index.ImageRecord;
import dev.findling.index.IndexSettings;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.LibraryIndex;
import dev.findling.index.store.PatchVector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A benchmark library of synthetic clustered patch vectors, built once into the build folder and
 * reused by later runs. Exact best-patch scores of every image for every benchmark query are
 * computed while the vectors are generated (one pass, so 20 000 × 64 vectors never need to be held
 * in memory) and stored next to the index as ground truth.
 */
final class BenchLibrary implements AutoCloseable {
    static final int DIM = 256;
    static final int QUERIES = 50;
    static final long SEED = 20240611L;

    final LibraryIndex index;
    final ClusteredVectors data;
    final float[][] exact; // [query][image] best-patch cosine
    final double buildSeconds;
    final int images;

    private BenchLibrary(LibraryIndex index, ClusteredVectors data, float[][] exact, double buildSeconds, int images) {
        this.index = index;
        this.data = data;
        this.exact = exact;
        this.buildSeconds = buildSeconds;
        this.images = images;
    }

    /** Where built benchmark libraries are kept between runs ({@code -Dfindling.bench.dir}); inside the build output by default. */
    static Path buildDir() {
        String configured = System.getProperty("findling.bench.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            // target*/test-classes → target*/bench-data
            Path classes = Path.of(BenchLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("bench-data");
        } catch (Exception e) {
            return Path.of(System.getProperty("java.io.tmpdir"), "findling-bench-data");
        }
    }

    /** The folder of a built benchmark library: {@code exact-scores.bin} and the Lucene {@code index/}. */
    static Path directory(int images, int grid, IndexSettings settings) {
        return buildDir().resolve("library-" + images + "x" + grid + "-m" + settings.hnswMaxConnections()
                + "-b" + settings.hnswBeamWidth() + (settings.quantizeVectors() ? "-q7" : "-f32"));
    }

    static LibraryIndex.VectorFormatSettings format(IndexSettings settings) {
        return new LibraryIndex.VectorFormatSettings(settings.hnswMaxConnections(), settings.hnswBeamWidth(), settings.quantizeVectors());
    }

    static IndexIdentity identity(int grid) {
        return new IndexIdentity("bench-clustered", DIM, 0, grid);
    }

    /** The clustered vectors a library of {@code images} images is made of. */
    static ClusteredVectors vectors(int images) {
        return new ClusteredVectors(DIM, Math.max(50, images / 20), SEED);
    }

    static ImageDocument document(ClusteredVectors data, int i, int grid) {
        ImageRecord r = new ImageRecord(String.format("img%06d", i), "bench", "img" + i + ".jpg",
                "0".repeat(64), 1, 1, 1024, 768, "bench-clustered", grid * grid, false);
        return new ImageDocument(r, grid, grid, data.image(i, grid), null);
    }

    static BenchLibrary open(int images, int grid, IndexSettings settings) throws Exception {
        ClusteredVectors data = vectors(images);
        Path dir = directory(images, grid, settings);
        Path truthFile = dir.resolve("exact-scores.bin");
        Path indexDir = dir.resolve("index");
        LibraryIndex.VectorFormatSettings format = format(settings);
        IndexIdentity identity = identity(grid);
        if (Files.exists(truthFile)) {
            LibraryIndex index = LibraryIndex.open(indexDir, identity, format);
            mergeLikeIngestion(index); // a no-op unless an earlier run stopped before its merge
            return new BenchLibrary(index, data, readTruth(truthFile, images), Double.NaN, images);
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        LibraryIndex index = LibraryIndex.open(indexDir, identity, format);
        float[][] queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = data.query(q);
        }
        float[][] exact = new float[QUERIES][images];
        long t0 = System.nanoTime();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int i = first; i < images; i += threads) {
                        List<PatchVector> patches = data.image(i, grid);
                        for (int q = 0; q < QUERIES; q++) {
                            exact[q][i] = ClusteredVectors.bestPatch(patches, queries[q]);
                        }
                        ImageRecord r = new ImageRecord(String.format("img%06d", i), "bench", "img" + i + ".jpg",
                                "0".repeat(64), 1, 1, 1024, 768, "bench-clustered", patches.size(), false);
                        index.upsert(new ImageDocument(r, grid, grid, patches, null));
                        if (i % 2000 == 0) {
                            System.out.printf("  indexed %d/%d images (%.0f s)%n", i, images, (System.nanoTime() - t0) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        index.commit();
        double seconds = (System.nanoTime() - t0) / 1e9;
        mergeLikeIngestion(index);
        writeTruth(truthFile, exact);
        return new BenchLibrary(index, data, exact, seconds, images);
    }

    /** What the end of an ingestion run does ({@code IngestionRun}), so the benchmark measures the index users get. */
    private static void mergeLikeIngestion(LibraryIndex index) {
        int before = index.segmentCount();
        long t0 = System.nanoTime();
        if (index.mergeForSearch()) {
            System.out.printf("  merged %d segments into 1 in %.0f s%n", before, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Recall@k of the index's candidates against exact best-patch ranking, averaged over the benchmark queries. */
    double recallAt(int k, int oversample) {
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] scores = exact[q];
            float[] sorted = scores.clone();
            java.util.Arrays.sort(sorted);
            float kth = sorted[sorted.length - k];
            var got = index.candidates(data.query(q), k, oversample, null);
            long hits = got.stream().filter(c -> scores[Integer.parseInt(c.image().id().substring(3))] >= kth).count();
            sum += hits / (double) k;
        }
        return sum / QUERIES;
    }

    private static void writeTruth(Path file, float[][] exact) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(exact.length * exact[0].length * 4);
        for (float[] row : exact) {
            for (float v : row) {
                buf.putFloat(v);
            }
        }
        Files.write(file, buf.array());
    }

    private static float[][] readTruth(Path file, int images) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        float[][] exact = new float[QUERIES][images];
        for (float[] row : exact) {
            for (int i = 0; i < images; i++) {
                row[i] = buf.getFloat();
            }
        }
        return exact;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
