package dev.findling.models.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ../shared/data/real-arch}: real SAM-family architectures with seeded random weights and golden outputs of
 * the authors' code (its README explains every file). Tests that need it skip with a message when it is absent.
 */
public final class RealArchFixtures {
    private RealArchFixtures() {
    }

    /** The fixture folder, or the calling test is skipped. */
    public static Path dir() {
        String root = System.getProperty("findling.repo.root");
        assumeTrue(root != null, "findling.repo.root is not set (surefire sets it); skipping a test that needs "
                + "../shared/data/real-arch");
        Path dir = Path.of(root).resolve("../shared/data/real-arch").normalize();
        assumeTrue(Files.isRegularFile(dir.resolve("README.md")), "real-architecture fixtures not found at " + dir
                + " (needs ../shared next to the repository); skipping");
        return dir;
    }

    /** The real-arch folder when present, for benchmarks that run outside surefire. */
    public static Path dirOrNull() {
        Path dir = Path.of(System.getProperty("findling.repo.root", ".")).resolve("../shared/data/real-arch").normalize();
        return Files.isRegularFile(dir.resolve("README.md")) ? dir : null;
    }

    public static Path golden() {
        return dir().resolve("golden");
    }

    /** Which decoders a fixture pack carries besides the MobileSAM encoder. */
    public enum Decoders {
        /** Only the stock multi-mask {@code sam-onnx} decoder: PerSAM's decoder is derived from it. */
        STOCK_ONLY,
        /** The stock decoder and Personalize-SAM's own export as the {@code persam} decoder. */
        STOCK_AND_PERSAM
    }

    /**
     * A model pack in {@code packDir} made of the fixture files (linked, or copied where links are not allowed):
     * the MobileSAM encoder with SAM's preprocessing inside the graph, and the decoders asked for. Never inside
     * the repository.
     */
    public static Path pack(Path packDir, Decoders decoders) throws IOException {
        Path dir = dir();
        Files.createDirectories(packDir);
        link(dir.resolve("mobilesam_encoder_preprocess.onnx"), packDir.resolve("encoder.onnx"));
        link(dir.resolve("sam_decoder_multimask.onnx"), packDir.resolve("decoder.onnx"));
        StringBuilder models = new StringBuilder();
        models.append("""
                    { "role": "image-encoder", "dialect": "sam", "file": "encoder.onnx",
                      "inputs": { "image": "input_image" },
                      "preprocessing": { "inputSize": 1024, "resize": "longest-side-pad", "valueScale": 1.0,
                                         "pixelMean": [123.675, 116.28, 103.53], "pixelStd": [58.395, 57.12, 57.375],
                                         "normalizedInGraph": true } },
                    { "role": "mask-decoder", "dialect": "sam-onnx", "file": "decoder.onnx" }""");
        if (decoders == Decoders.STOCK_AND_PERSAM) {
            link(dir.resolve("persam_decoder.onnx"), packDir.resolve("persam_decoder.onnx"));
            models.append("""
                    ,
                        { "role": "mask-decoder", "dialect": "persam", "file": "persam_decoder.onnx" }""");
        }
        String json = """
                {
                  "format": 1,
                  "id": "real-arch-%s",
                  "name": "real-arch fixtures (random weights)",
                  "kind": "learned",
                  "models": [
                %s
                  ]
                }
                """.formatted(decoders.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), models);
        Files.writeString(packDir.resolve("pack.json"), json);
        return packDir;
    }

    private static void link(Path target, Path link) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(target, link);
        }
    }
}
