package dev.findling.models.reference;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference pack on real photos (PerSeg's duck_toy, from {@code ../shared/data}): one PerSAM-style
 * pass — target embedding from the reference mask, location prior, persam decoder — finds the toy in
 * another photo. Classical features handle this flat-coloured object; textured ones such as the cat do
 * much worse (see models/reference-pack/README.md), which is what the pack's label says.
 */
class ReferencePackOnPersegExamplesTest {
    private static Path concept(String name) {
        String root = System.getProperty("findling.repo.root");
        Path dir = root == null ? null : Path.of(root).resolve("../shared/data/perseg-examples").resolve(name).normalize();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "PerSeg examples not found at <repo>/../shared/data/perseg-examples; skipping the real-photo check");
        return dir;
    }

    private static BinaryMask readMask(Path png) throws IOException {
        BufferedImage b = ImageIO.read(png.toFile());
        byte[] bits = new byte[b.getWidth() * b.getHeight()];
        for (int y = 0; y < b.getHeight(); y++) {
            for (int x = 0; x < b.getWidth(); x++) {
                bits[y * b.getWidth() + x] = (byte) ((b.getRGB(x, y) & 0xffffff) != 0 ? 1 : 0);
            }
        }
        return BinaryMask.wrap(b.getWidth(), b.getHeight(), bits);
    }

    private static RgbImage readImage(Path jpg) throws IOException {
        return RgbImage.fromBufferedImage(ImageIO.read(jpg.toFile()));
    }

    @Test
    void persamPassFindsTheDuckToyInAnotherPhoto() throws IOException {
        Path dir = concept("duck_toy");
        ModelPack pack = ReferencePackFixture.pack();
        ImageEmbedding reference = pack.imageEncoder().encode(readImage(dir.resolve("00.jpg")));
        float[] target = PerSamMath.targetEmbedding(reference, readMask(dir.resolve("00.png")));

        BinaryMask truth = readMask(dir.resolve("02.png"));
        ImageEmbedding e = pack.imageEncoder().encode(readImage(dir.resolve("02.jpg")));
        PerSamMath.Located loc = PerSamMath.locate(e, target);
        DecoderResult r = pack.personalizationDecoder().decode(e,
                DecoderPrompt.of(List.of(loc.positive(), loc.negative())).withGuidance(new PerSamGuidance(loc.attnSim(), target)));
        double iou = r.mask(0).iou(truth);
        assertTrue(iou >= 0.85, "IoU with the duck toy's ground truth is " + iou);
    }
}
