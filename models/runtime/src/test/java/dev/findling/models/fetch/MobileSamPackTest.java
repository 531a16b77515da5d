package dev.findling.models.fetch;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code mobilesam} known pack's manifest, with the real-architecture fixtures (the same export layouts,
 * random weights) in place of the downloaded files: it loads, and through Findling's own preprocessing the
 * encoder reproduces the goldens of {@code golden/mobilesam_encoder} (non-square inputs: the in-graph padding)
 * and the decoder those of {@code golden/sam_decoder}, within the README's tolerances.
 */
class MobileSamPackTest {
    @TempDir
    static Path temp;
    private static ModelPack pack;

    @BeforeAll
    static void openOnce() throws Exception {
        pack = openKnownManifestOnFixtures();
    }

    @AfterAll
    static void close() {
        if (pack != null) {
            pack.close();
        }
    }

    private static ModelPack openKnownManifestOnFixtures() throws Exception {
        PackManifest known = KnownPacks.mobileSam().manifest();
        Files.createSymbolicLink(temp.resolve(KnownPacks.MOBILESAM_ENCODER),
                RealArchFixtures.file(RealArchFixtures.MOBILESAM_ENCODER));
        Files.createSymbolicLink(temp.resolve(KnownPacks.SAM_DECODER), RealArchFixtures.file(RealArchFixtures.SAM_DECODER));
        // The fixtures are other bytes than the published files, so their pins are left out; everything else is the
        // manifest models fetch writes.
        List<ModelEntry> unpinned = known.models().stream().map(e -> new ModelEntry(e.role(), e.dialect(), e.file(), null,
                e.inputs(), e.outputs(), e.preprocessing(), e.dimension())).toList();
        PackManifest manifest = new PackManifest(known.format(), known.id(), known.name(), known.kind(), known.label(),
                known.description(), known.tokenizer(), unpinned);
        Files.write(temp.resolve(PackManifest.FILE_NAME), ManifestReader.toJson(manifest));
        return ModelPack.open(temp, ExecutionSettings.defaults());
    }

    @Test
    void theEncoderMatchesTheGoldensOnNonSquareInputs() throws Exception {
        BufferedImage cat = ImageIO.read(RealArchFixtures.golden("cat/images/01/input_image_1024.png").toFile());
        assertEquals("sam-preprocess", pack.imageEncoder().dialect());
        checkEncoder(pack, RgbImage.fromBufferedImage(cat.getSubimage(0, 0, 1024, 722)), "landscape_722x1024");
        checkEncoder(pack, RgbImage.fromBufferedImage(cat.getSubimage(0, 0, 722, 1024)), "portrait_1024x722");
    }

    private static void checkEncoder(ModelPack pack, RgbImage image, String golden) throws Exception {
        ImageEmbedding e = pack.imageEncoder().encode(image);
        NpyArray expected = NpyArray.read(RealArchFixtures.golden("mobilesam_encoder/" + golden + "/image_embeddings_s8.npy"));
        assertEquals(64, e.gridHeight());
        int i = 0;
        for (int c = 0; c < 256; c++) {
            for (int y = 0; y < 64; y += 8) {
                for (int x = 0; x < 64; x += 8) {
                    assertClose(expected.floats()[i++], e.feature(c, y, x), 2e-3, 1e-3, golden + " c" + c + " y" + y + " x" + x);
                }
            }
        }
    }

    @Test
    void theDecoderGivesFourCandidatesMatchingTheGoldens() throws Exception {
        BufferedImage cat = ImageIO.read(RealArchFixtures.golden("cat/images/01/input_image_1024.png").toFile());
        ImageEmbedding e = pack.imageEncoder().encode(RgbImage.fromBufferedImage(cat));
        // golden/sam_decoder click_pad: one click at (400, 300) of the 1024² input plus SAM's padding point.
        DecoderResult r = pack.promptDecoder().decode(e, DecoderPrompt.of(List.of(PointPrompt.positive(400, 300))));
        float[] expectedIou = {-1.1547475f, -0.1442661f, -0.09155479f, 0.13686952f};
        for (int k = 0; k < DecoderResult.MASK_COUNT; k++) {
            assertClose(expectedIou[k], r.iouPrediction(k), 1e-4, 1e-3, "iou " + k);
        }
        NpyArray lowRes = NpyArray.read(RealArchFixtures.golden("sam_decoder/click_pad/low_res_masks_s4.npy"));
        int i = 0;
        for (int k = 0; k < 4; k++) {
            float[] logits = r.lowResLogits(k);
            for (int y = 0; y < 256; y += 4) {
                for (int x = 0; x < 256; x += 4) {
                    assertClose(lowRes.floats()[i++], logits[y * 256 + x], 2e-3, 1e-3, "mask " + k + " y" + y + " x" + x);
                }
            }
        }
    }

    private static void assertClose(double expected, double actual, double atol, double rtol, String where) {
        assertTrue(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected),
                where + ": expected " + expected + " but got " + actual);
    }
}
