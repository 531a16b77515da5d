package dev.findling.semantic.bench;

import dev.findling.semantic.tokenizer.ClipTokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * CLIP tokenizer throughput in texts per second: the 80 ImageNet prompts of a few classes (words the BPE
 * cache has seen, the steady state of a service) and texts of never-seen random words (every word runs the
 * full merge loop). Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=ClipTokenizerBenchmark -pl semantic test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ClipTokenizerBenchmark {
    private static final int TEXTS = 400;

    private ClipTokenizer tokenizer;
    private String[] prompts;
    private String[] unseen;

    @Setup
    public void setUp() {
        tokenizer = ClipTokenizer.fromClipBpe(BenchData.clipBpe());
        List<String> classes = List.of("dog", "red backpack", "golden retriever puppy", "sofa", "café table");
        prompts = new String[TEXTS];
        for (int i = 0; i < TEXTS; i++) {
            prompts[i] = dev.findling.semantic.text.PromptTemplates.fill(
                    dev.findling.semantic.text.PromptTemplates.IMAGENET.get(i % 80), classes.get(i % classes.size()));
        }
        SplittableRandom rnd = new SplittableRandom(42);
        unseen = new String[TEXTS * 200];
        for (int i = 0; i < unseen.length; i++) {
            StringBuilder sb = new StringBuilder("a photo of a ");
            int words = 2 + rnd.nextInt(3);
            for (int w = 0; w < words; w++) {
                int len = 4 + rnd.nextInt(8);
                for (int c = 0; c < len; c++) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
                sb.append(' ');
            }
            unseen[i] = sb.toString();
        }
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void promptsWithWarmCache(Blackhole bh) {
        for (String t : prompts) {
            bh.consume(tokenizer.encode(t));
        }
    }

    private int next;

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void unseenWords(Blackhole bh) {
        // 80 000 distinct texts of random words: far more words than the 65 536-entry cache holds.
        int start = next;
        next = (next + TEXTS) % unseen.length;
        for (int i = 0; i < TEXTS; i++) {
            bh.consume(tokenizer.encode(unseen[start + i]));
        }
    }
}
