package dev.findling.index.bench;

import dev.findling.index.ClusteredVectors;
import dev.findling.index.IndexSettings;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.LibraryIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * What the end-of-run merge ({@link LibraryIndex#mergeForSearch()}) costs on a large library after an
 * incremental run: {@code added} new photos on top of the merged {@link CandidateRetrievalBench} library
 * (built by that benchmark first), then one changed photo, which must not trigger a full graph rebuild.
 * Each invocation works on a fresh copy of the library. Score = the merge after the additions; the setup
 * prints the time of the merge decision after the change.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=IncrementalMergeBench -pl index test}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class IncrementalMergeBench {
    static final int GRID = 8;

    @Param("20000")
    public int images;

    @Param("200")
    public int added;

    private final IndexSettings settings = IndexSettings.defaults();
    private ClusteredVectors data;
    private Path copy;
    private LibraryIndex index;

    @Setup(Level.Trial)
    public void ensureLibrary() throws Exception {
        BenchLibrary.open(images, GRID, settings).close(); // builds and merges it once, like an ingestion
        data = BenchLibrary.vectors(images);
    }

    @Setup(Level.Invocation)
    public void addPhotos() throws IOException {
        Path source = BenchLibrary.directory(images, GRID, settings).resolve("index");
        copy = Files.createTempDirectory(BenchLibrary.buildDir(), "merge-bench");
        try (var files = Files.list(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        index = LibraryIndex.open(copy, BenchLibrary.identity(GRID), BenchLibrary.format(settings));
        if (index.segmentCount() != 1) {
            throw new IllegalStateException("the benchmark library should be one merged segment");
        }
        for (int i = 0; i < added; i++) {
            index.upsert(BenchLibrary.document(data, images + i, GRID));
        }
        index.commit();
    }

    @Benchmark
    public boolean mergeAfterAddingPhotos() {
        if (!index.mergeForSearch()) {
            throw new IllegalStateException("added photos should have been merged");
        }
        return true;
    }

    @TearDown(Level.Invocation)
    public void changeOnePhotoAndClose() throws IOException {
        // One changed photo: a merge would rebuild the whole graph, so it is deferred.
        ImageDocument before = BenchLibrary.document(data, 5, GRID);
        index.upsert(new ImageDocument(before.record(), GRID, GRID, data.image(images + added + 1, GRID), null));
        long t0 = System.nanoTime();
        boolean merged = index.mergeForSearch();
        System.out.printf("%n[merge bench] after one changed photo: merged=%s, decided in %.2f s, segments=%d%n",
                merged, (System.nanoTime() - t0) / 1e9, index.segmentCount());
        index.close();
        try (var walk = Files.walk(copy)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
