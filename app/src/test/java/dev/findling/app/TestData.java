package dev.findling.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Folders for the app's tests: one temporary data dir per test JVM (so the reference pack is generated once
 * and the Spring test context is shared), never ./data, and the read-only shared data beside the repository.
 */
public final class TestData {
    private static Path dataDir;

    private TestData() {
    }

    /** A temporary data dir shared by every test in this JVM and deleted when it exits. */
    public static synchronized Path dataDir() {
        if (dataDir == null) {
            dataDir = newTempDir("findling-app-data-");
        }
        return dataDir;
    }

    /** A fresh temporary folder, deleted when the JVM exits. */
    public static Path newTempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, from the {@code findling.repo.root} system property surefire sets. */
    public static Path repoRoot() {
        String root = System.getProperty("findling.repo.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root).toAbsolutePath().normalize();
    }

    /** {@code <root>/../shared/data/clip/bpe_simple_vocab_16e6.txt.gz}, when the shared folder is there. */
    public static Optional<Path> sharedClipVocabulary() {
        Path file = repoRoot().resolve("../shared/data/clip/bpe_simple_vocab_16e6.txt.gz").normalize();
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort at JVM exit; the OS cleans the temp dir eventually.
        }
    }
}
