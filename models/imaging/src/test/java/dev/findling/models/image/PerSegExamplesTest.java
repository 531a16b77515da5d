package dev.findling.models.image;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real PerSeg photos and masks from {@code ../shared/data}; skipped when that folder is absent. */
class PerSegExamplesTest {
    private static Path examples() {
        Path root = Path.of(System.getProperty("findling.repo.root", "."));
        Path dir = root.resolve("../shared/data/perseg-examples").normalize();
        assumeTrue(Files.isDirectory(dir), "PerSeg examples not found at " + dir + " (needs ../shared next to the repo)");
        return dir;
    }

    @Test
    void photosAndMasksDecodeToMatchingSizes() throws Exception {
        Path dir = examples();
        for (String concept : new String[] {"cat", "duck_toy"}) {
            for (int i = 0; i < 3; i++) {
                Path photo = dir.resolve(concept).resolve(String.format("%02d.jpg", i));
                Path maskFile = dir.resolve(concept).resolve(String.format("%02d.png", i));
                RgbImage image = ImageDecoder.read(photo, ImageLimits.DEFAULT);
                BinaryMask mask = MaskImages.read(maskFile, ImageLimits.DEFAULT);
                assertEquals(image.width(), mask.width(), photo.toString());
                assertEquals(image.height(), mask.height(), photo.toString());
                assertEquals(new ImageHeader("JPEG", image.width(), image.height()), ImageDecoder.probe(photo));
                double ratio = mask.areaRatio();
                assertTrue(ratio > 0.01 && ratio < 0.95, maskFile + " covers " + ratio);

                // Independent reading: every pixel whose palette colour is not black is the object.
                BufferedImage raw = ImageIO.read(maskFile.toFile());
                int[] argb = raw.getRGB(0, 0, raw.getWidth(), raw.getHeight(), null, 0, raw.getWidth());
                long expected = 0;
                for (int v : argb) {
                    if ((v & 0xFFFFFF) != 0) {
                        expected++;
                    }
                }
                assertEquals(expected, mask.area(), maskFile.toString());
                assertEquals(mask, CocoRle.fromJson(CocoRle.encode(mask).toCompressedJson()).decode());
            }
        }
    }
}
