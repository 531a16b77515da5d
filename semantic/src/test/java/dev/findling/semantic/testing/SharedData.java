package dev.findling.semantic.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code <repo root>/../shared/data} (read-only, beside the repository in CI) for tests that need it. */
public final class SharedData {
    private SharedData() {
    }

    /** The real OpenAI CLIP vocabulary; skips the calling test with a clear message when it is absent. */
    public static Path clipBpe() {
        String root = System.getProperty("findling.repo.root");
        Assumptions.assumeTrue(root != null && !root.isBlank(),
                "system property findling.repo.root is not set (surefire sets it in the parent pom); skipping a test that needs ../shared/data");
        Path file = Path.of(root).resolve("../shared/data/clip/bpe_simple_vocab_16e6.txt.gz").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "the real CLIP vocabulary " + file + " is absent (../shared/data is not beside the repository); skipping");
        return file;
    }
}
