package dev.findling.index.solr.bench;

import dev.findling.index.IndexSettings;
import dev.findling.index.solr.GeneratedLibrary;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrTestCluster;
import dev.findling.index.store.LibraryBackend;
import dev.findling.index.store.LibraryStore;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Concept candidate retrieval (top 50 images, oversample 2) on the same generated library —
 * {@code images} × grid² clustered 256-d patch vectors, 50 queries with exact best-patch truth — in
 * the embedded Lucene index and in a SolrCloud collection (2 shards × 2 replicas on a 2-node
 * {@code MiniSolrCloudCluster} in the benchmark's JVM, loopback HTTP). One trial per back end, side by
 * side in one run; sample-time mode gives p50/p99, the set-up prints recall@50 (for Solr at several
 * child over-fetch factors, the cost of Solr 9.10 searching patches rather than images).
 *
 * <p>Run from the repository root (reactor build, nothing installed):
 * {@code mvn -q -Psolr-bench -DskipTests -pl index/solr -am test}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class SolrVsEmbeddedBench {
    @Param({"embedded", "solr"})
    public String backend;

    @Param("2000")
    public int images;

    /** 4: 16 patches per image (32 000 vectors), the tests' set; 8 (64 patches, as ingestion writes) takes ~4× longer to build ({@code -Dsolr.bench.grid=8}). */
    @Param("4")
    public int grid;

    @Param("8")
    public int childOverfetch;

    /** {@code index}'s {@code BenchLibrary} parameters, so the two benchmarks index the same vectors. */
    private static final int DIM = 256;
    private static final long SEED = 42;
    private static final int QUERIES = 50;
    private static final int K = 50;
    private static final int OVERSAMPLE = 2;

    private SolrTestCluster cluster;
    private LibraryStore store;
    private GeneratedLibrary data;
    private Path tmp;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = new GeneratedLibrary(images, grid, DIM, QUERIES, SEED);
        tmp = Files.createTempDirectory("findling-solr-bench");
        IndexSettings settings = IndexSettings.defaults();
        LibraryBackend b;
        if (backend.equals("solr")) {
            cluster = SolrTestCluster.start(2);
            b = new SolrBackend(cluster.settings("bench").withChildOverfetch(childOverfetch));
        } else {
            b = LibraryBackend.embedded();
        }
        store = b.open(tmp, data.identity(), settings);
        long t0 = System.nanoTime();
        data.writeTo(store, settings.commitEveryFiles());
        store.mergeForSearch(); // the end of an ingestion run
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder recall = new StringBuilder();
        if (cluster != null) {
            for (int f : List.of(1, 2, 4, 8, 16)) {
                LibraryStore s = new SolrBackend(cluster.settings("bench").withChildOverfetch(f)).open(tmp, data.identity(), settings);
                recall.append(String.format(" recall@50[childOverfetch=%d]=%.4f", f, data.recallAt(s, K, OVERSAMPLE)));
                s.close();
            }
        } else {
            recall.append(String.format(" recall@50=%.4f", data.recallAt(store, K, OVERSAMPLE)));
        }
        long bytes = store.sizeOnDisk();
        System.out.printf("%n[solr bench] backend=%s images=%d patches/image=%d: written and merged in %.0f s,"
                        + " index bytes/image=%d (all replicas);%s%n",
                backend, images, grid * grid, seconds, bytes / images, recall);
    }

    @Benchmark
    public Object candidates50() {
        return store.candidates(data.query(next++ % QUERIES), K, OVERSAMPLE, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        if (cluster != null) {
            cluster.close();
        }
        try (var walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
