package dev.findling.semantic.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared/data} for benchmarks, which run outside surefire (no findling.repo.root). */
final class BenchData {
    private static final String CLIP_BPE = "shared/data/clip/bpe_simple_vocab_16e6.txt.gz";

    private BenchData() {
    }

    static Path clipBpe() {
        String root = System.getProperty("findling.repo.root");
        if (root != null && Files.isRegularFile(Path.of(root).resolve("..").resolve(CLIP_BPE))) {
            return Path.of(root).resolve("..").resolve(CLIP_BPE).normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(CLIP_BPE))) {
                return p.resolve(CLIP_BPE);
            }
        }
        throw new IllegalStateException("the CLIP vocabulary " + CLIP_BPE + " was not found beside the repository;"
                + " the tokenizer benchmark needs ../shared/data");
    }
}
