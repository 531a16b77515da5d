package dev.findling.models.testing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** OpenAI CLIP's normalisation ({@code clip._transform}), as the README gives it. */
    private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

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

    /** A golden array, {@code relative} to the real-arch folder (e.g. {@code "golden/clip/.../x.npy"}). */
    public static NpyArray npy(String relative) {
        return NpyArray.read(file(relative));
    }

    /** The README's rule for a {@code pixels_224.png}: {@code ((float) v / 255f − mean) / std}, NCHW [1, 3, S, S]. */
    public static float[] clipPixelValues(Path png) {
        try {
            BufferedImage img = ImageIO.read(png.toFile());
            int w = img.getWidth();
            int h = img.getHeight();
            float[] out = new float[3 * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    int[] v = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                    for (int c = 0; c < 3; c++) {
                        out[(c * h + y) * w + x] = ((float) v[c] / 255f - CLIP_MEAN[c]) / CLIP_STD[c];
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
