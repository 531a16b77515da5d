package dev.findling.models.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real-architecture exports with random weights and their goldens in {@code ../shared/data/real-arch}
 * (see its README). Tests that need them are skipped, with the path in the message, when {@code ../shared} is
 * absent. Never copied into the repository: tests link the files into temporary folders.
 */
public final class RealArchFixtures {
    public static final String MOBILESAM_ENCODER = "mobilesam_encoder_preprocess.onnx";
    public static final String SAM_DECODER = "sam_decoder_multimask.onnx";
    public static final String PERSAM_DECODER = "persam_decoder.onnx";
    public static final String CLIP_TEXT = "clip_text_tiny.onnx";
    public static final String CLIP_VISION = "clip_vision_tiny.onnx";
    /** OpenAI's CLIP vocabulary, which the tiny CLIP text tower's ids come from. */
    public static final String CLIP_VOCABULARY = "bpe_simple_vocab_16e6.txt.gz";

    private RealArchFixtures() {
    }

    /** {@code ../shared/data} next to the repository, or a skipped test. */
    public static Path sharedData() {
        String root = System.getProperty("findling.repo.root");
        assumeTrue(root != null, "findling.repo.root is not set (run through Maven); skipping a test that needs ../shared/data");
        Path dir = Path.of(root).resolve("../shared/data").normalize();
        assumeTrue(Files.isDirectory(dir.resolve("real-arch")),
                "real-architecture fixtures not found at " + dir.resolve("real-arch") + " (needs ../shared next to the repo)");
        return dir;
    }

    /** {@code ../shared/data/real-arch}, or a skipped test. */
    public static Path dir() {
        return sharedData().resolve("real-arch");
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static Path golden(String relative) {
        return dir().resolve("golden").resolve(relative);
    }

    /**
     * Makes {@code folder} (created if needed) hold symbolic links to the named fixture graphs and, when
     * {@code withVocabulary}, to the CLIP vocabulary — what a user's export folder looks like.
     */
    public static Path linkInto(Path folder, boolean withVocabulary, String... graphs) throws IOException {
        Files.createDirectories(folder);
        for (String g : graphs) {
            Files.createSymbolicLink(folder.resolve(g), file(g));
        }
        if (withVocabulary) {
            Files.createSymbolicLink(folder.resolve(CLIP_VOCABULARY), sharedData().resolve("clip").resolve(CLIP_VOCABULARY));
        }
        return folder;
    }
}
