package dev.findling.index.bench;

import dev.findling.index.IndexSettings;
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

import java.util.concurrent.TimeUnit;

/**
 * Concept candidate retrieval over a library of {@code images} × grid² patch vectors
 * (DiversifyingChildrenFloatKnnVectorQuery + exact best-patch re-scoring), top 50 images.
 * Sample-time mode reports the latency distribution (p50, p99). The setup prints recall@50 against
 * exact brute force and the index size per image.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=CandidateRetrievalBench -pl index test}
 * (add {@code -Djmh.images=...}-style params through JMH: {@code -Dbench="CandidateRetrievalBench -p images=5000"}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class CandidateRetrievalBench {
    @Param("20000")
    public int images;

    @Param("8")
    public int grid;

    @Param("2")
    public int oversample;

    private BenchLibrary library;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        IndexSettings settings = IndexSettings.defaults();
        library = BenchLibrary.open(images, grid, settings);
        double recall = library.recallAt(50, oversample);
        long bytes = library.index.sizeOnDisk();
        String summary = String.format("%n[index bench] images=%d patches/image=%d oversample=%d M=%d beam=%d 7-bit=%s segments=%d: "
                        + "recall@50=%.4f, index bytes/image=%d (%.1f MB total)%s%n",
                images, grid * grid, oversample, settings.hnswMaxConnections(), settings.hnswBeamWidth(),
                settings.quantizeVectors(), library.index.segmentCount(), recall, bytes / images, bytes / 1e6,
                Double.isNaN(library.buildSeconds) ? " (reused index)"
                        : String.format(", built in %.0f s (%.0f images/s)", library.buildSeconds, images / library.buildSeconds));
        System.out.println(summary);
    }

    @Benchmark
    public Object candidates50() {
        float[] q = library.data.query(next++ % BenchLibrary.QUERIES);
        return library.index.candidates(q, 50, oversample, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        library.close();
    }
}
