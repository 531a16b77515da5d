package dev.findling.semantic.bench;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.semantic.ClassQuery;
import dev.findling.semantic.SegmentationMode;
import dev.findling.semantic.SemanticSegmentation;
import dev.findling.semantic.SemanticSegmenter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One two-class text query ("red, blue") on a 1 MP (1152×864) scene with the reference pack: coarse mode (dense
 * encoder + similarity + upsampling) and refined mode with the SAM embedding precomputed (what a library
 * with an embedding cache pays per query: dense encoder + two decoder runs + post-processing).
 * Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=SemanticSegmenterBenchmark -pl semantic test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class SemanticSegmenterBenchmark {
    @Param({"COARSE", "REFINED"})
    public SegmentationMode mode;

    private SemanticSegmenter segmenter;
    private RgbImage image;
    private ImageEmbedding embedding;
    private final ClassQuery query = ClassQuery.parse("red, blue");

    @Setup
    public void setUp() {
        ModelPack pack = ReferencePackFixture.pack();
        segmenter = SemanticSegmenter.forPack(pack);
        image = SyntheticScenes.standardScene(1152, 864, 1).image();
        embedding = pack.imageEncoder().encode(image);
        segmenter.segment(image, embedding, query, mode);
    }

    @Benchmark
    public SemanticSegmentation segment() {
        return segmenter.segment(image, embedding, query, mode);
    }

    /** The latency split of one more run, printed for BENCHMARKS.md (JMH reports only the total). */
    @TearDown
    public void printStageSplit() {
        System.out.println("[stage split, " + mode + "] " + segmenter.segment(image, embedding, query, mode).timings());
    }
}
