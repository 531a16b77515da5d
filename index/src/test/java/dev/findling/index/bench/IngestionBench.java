package dev.findling.index.bench;

import dev.findling.index.IndexSettings;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestMode;
import dev.findling.index.IngestProgress;
import dev.findling.jobs.JobState;
import dev.findling.index.PhotoLibrary;
import dev.findling.models.ModelPack;
import dev.findling.models.image.PngWriter;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.SyntheticScenes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Ingestion throughput with the reference pack: each invocation ingests {@value #IMAGES} generated
 * 640×480 photos into a fresh library (decode, SHA-256, SAM encode, global embedding, pooling,
 * thumbnail, Lucene, commits). Reported per image; images/s = 1 / score.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=IngestionBench -pl index test}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class IngestionBench {
    static final int IMAGES = 24;

    private Path work;
    private Path photos;
    private ModelPack pack;
    private int run;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        work = Files.createTempDirectory("findling-ingest-bench");
        photos = Files.createDirectories(work.resolve("photos"));
        for (int i = 0; i < IMAGES; i++) {
            Files.write(photos.resolve(String.format("p%03d.png", i)),
                    PngWriter.rgb(SyntheticScenes.render(SyntheticScenes.randomPlacement(640, 480, i)).image()));
        }
        pack = ModelPack.open(ReferencePack.ensure(work.resolve("pack")), ExecutionSettings.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public IngestProgress ingest() throws Exception {
        Path data = work.resolve("data-" + run++);
        try (PhotoLibrary library = PhotoLibrary.open(data, pack, IndexSettings.defaults())) {
            String root = library.addRoot(photos).id();
            IngestProgress p = library.ingest(root, IngestMode.ALL, IngestListener.NONE).await(Duration.ofMinutes(30));
            if (p.state() != JobState.COMPLETED || p.processed() != IMAGES) {
                throw new IllegalStateException("ingestion did not complete: " + p);
            }
            System.out.printf("%n[ingest bench] %d images in %.2f s = %.2f images/s%n", IMAGES,
                    p.elapsed().toMillis() / 1000.0, p.imagesPerSecond());
            return p;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pack.close();
        try (var walk = Files.walk(work)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
