package dev.findling.semantic.bench;

import dev.findling.models.ModelPack;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.semantic.text.ClassEmbedding;
import dev.findling.semantic.text.PromptEnsembleEmbedder;
import dev.findling.semantic.text.TextEmbeddingCache;
import dev.findling.semantic.tokenizer.ClipTokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A class embedding from the cache versus computed (bare name + 80 prompts through the reference pack's
 * ONNX text encoder). The miss case alternates two classes through a one-entry cache.
 * Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=TextEmbeddingCacheBenchmark -pl semantic test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TextEmbeddingCacheBenchmark {
    private PromptEnsembleEmbedder cached;
    private PromptEnsembleEmbedder uncached;
    private boolean flip;

    @Setup
    public void setUp() {
        ModelPack pack = ReferencePackFixture.pack();
        ClipTokenizer tokenizer = ClipTokenizer.forPack(pack.tokenizer().orElseThrow());
        cached = new PromptEnsembleEmbedder(pack.textEncoder().orElseThrow(), tokenizer, pack.id(), new TextEmbeddingCache(64));
        uncached = new PromptEnsembleEmbedder(pack.textEncoder().orElseThrow(), tokenizer, pack.id(), new TextEmbeddingCache(1));
        cached.embed("red");
    }

    @Benchmark
    public ClassEmbedding hit() {
        return cached.embed("red");
    }

    @Benchmark
    public ClassEmbedding miss() {
        flip = !flip;
        return uncached.embed(flip ? "red" : "blue");
    }
}
