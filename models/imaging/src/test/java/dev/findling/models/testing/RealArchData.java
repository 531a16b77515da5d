package dev.findling.models.testing;

import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <repo root>/../shared/data/real-arch}: real architectures with seeded random weights and the authors'
 * golden outputs (its README). Tests that need it skip with a clear message when it is absent.
 */
public final class RealArchData {
    /** OpenAI CLIP's normalisation ({@code clip._transform}), as the README gives it. */
    private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private RealArchData() {
    }

    /** The real-arch folder; skips the calling test when it is absent. */
    public static Path dir() {
        String root = System.getProperty("findling.repo.root");
        Assumptions.assumeTrue(root != null && !root.isBlank(),
                "system property findling.repo.root is not set (surefire sets it in the parent pom); skipping a test that needs ../shared/data");
        Path dir = Path.of(root).resolve("../shared/data/real-arch").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("clip_vision_tiny.onnx")),
                "the real-architecture fixtures " + dir + " are absent (../shared/data is not beside the repository); skipping");
        return dir;
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

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
}
