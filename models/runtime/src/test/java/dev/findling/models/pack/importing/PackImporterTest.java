package dev.findling.models.pack.importing;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.OnnxModelWriter;
import dev.findling.models.pack.Checksums;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.PackVerifier;
import dev.findling.models.pack.TokenizerSpec;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.CandidatesUnavailableException;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PointPrompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.findling.models.testing.RealArchFixtures.CLIP_TEXT;
import static dev.findling.models.testing.RealArchFixtures.CLIP_VISION;
import static dev.findling.models.testing.RealArchFixtures.MOBILESAM_ENCODER;
import static dev.findling.models.testing.RealArchFixtures.PERSAM_DECODER;
import static dev.findling.models.testing.RealArchFixtures.SAM_DECODER;
import static dev.findling.models.testing.RealArchFixtures.linkInto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models import} on the real-architecture exports of {@code ../shared/data/real-arch}. */
class PackImporterTest {
    @TempDir
    Path temp;

    @Test
    void recognisesEveryFixtureGraphAndWritesAVerifiedPinnedPack() throws Exception {
        Path dir = linkInto(temp.resolve("my-export"), true,
                MOBILESAM_ENCODER, SAM_DECODER, PERSAM_DECODER, CLIP_TEXT, CLIP_VISION);

        PackImporter.Report report = PackImporter.importFolder(dir, PackImporter.Options.defaults());

        assertTrue(report.ok(), report.toText());
        PackManifest written = ManifestReader.read(dir);
        assertEquals(report.manifest().id(), written.id());
        assertTrue(written.id().startsWith("my-export-"), written.id());
        assertEquals(PackManifest.KIND_LEARNED, written.kind());
        Map<String, ModelEntry> byFile = new java.util.HashMap<>();
        written.models().forEach(e -> byFile.put(e.file(), e));
        assertRoleAndDialect(byFile.get(MOBILESAM_ENCODER), "image-encoder", "sam-preprocess");
        assertEquals("input_image", byFile.get(MOBILESAM_ENCODER).inputName("image"));
        assertRoleAndDialect(byFile.get(SAM_DECODER), "mask-decoder", "sam-onnx");
        assertRoleAndDialect(byFile.get(PERSAM_DECODER), "mask-decoder", "persam");
        assertRoleAndDialect(byFile.get(CLIP_TEXT), "text-encoder", "clip");
        assertRoleAndDialect(byFile.get(CLIP_VISION), "image-embedder", "clip");
        assertEquals(512, byFile.get(CLIP_TEXT).dimension());
        assertEquals(512, byFile.get(CLIP_VISION).dimension());
        for (ModelEntry e : written.models()) {
            assertEquals(Checksums.sha256(dir.resolve(e.file())), e.sha256(), e.file() + " is pinned by its SHA-256");
        }
        assertEquals(new TokenizerSpec(TokenizerSpec.CLIP_BPE, PackImporter.CLIP_BPE_FILE, null, null), written.tokenizer());
        assertTrue(PackVerifier.verify(dir).ok());

        try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
            assertEquals("sam-preprocess", pack.imageEncoder().dialect());
            assertEquals("sam-onnx", pack.promptDecoder().dialect());
            assertEquals("persam", pack.personalizationDecoder().dialect());
            assertTrue(pack.textEncoder().isPresent() && pack.imageEmbedder().isPresent());
        }
    }

    @Test
    void theIdChangesWithTheWeightsAndAReimportNeedsReplace() throws Exception {
        Path dir = linkInto(temp.resolve("a"), false, MOBILESAM_ENCODER, SAM_DECODER);
        PackImporter.Report first = PackImporter.importFolder(dir, PackImporter.Options.defaults());
        assertTrue(first.ok(), first.toText());

        PackImporter.Report again = PackImporter.importFolder(dir, PackImporter.Options.defaults());
        assertFalse(again.ok());
        assertTrue(again.problems().get(0).contains("--replace"), again.problems().toString());

        Files.createSymbolicLink(dir.resolve(PERSAM_DECODER), linkTarget(PERSAM_DECODER));
        PackImporter.Report replaced = PackImporter.importFolder(dir, new PackImporter.Options(null, null, true));
        assertTrue(replaced.ok(), replaced.toText());
        assertNotEquals(first.manifest().id(), replaced.manifest().id(), "another set of weights is another pack id");
        assertEquals(3, ManifestReader.read(dir).models().size());
    }

    @Test
    void anUnknownGraphIsNamedWithItsTensorsAndWhatWasExpected() throws Exception {
        Path dir = linkInto(temp.resolve("b"), false, MOBILESAM_ENCODER, SAM_DECODER);
        OnnxGraph g = new OnnxGraph("classifier");
        g.output("logits", g.relu(g.input("features", ElementType.FLOAT, 1, 10)), ElementType.FLOAT, 1, 10);
        OnnxModelWriter.write(g, "test", dir.resolve("classifier.onnx"));

        PackImporter.Report report = PackImporter.importFolder(dir, PackImporter.Options.defaults());

        assertFalse(report.ok());
        assertFalse(Files.exists(dir.resolve(PackManifest.FILE_NAME)), "a failed import writes nothing");
        String message = String.join("\n", report.problems());
        assertTrue(message.contains("classifier.onnx is not a graph Findling recognises"), message);
        assertTrue(message.contains("inputs [features float [1,10]], outputs [logits float [1,10]]"), message);
        assertTrue(message.contains("image-encoder sam-preprocess (one float input [H, W, 3]"), message);
        assertTrue(message.contains("text-encoder clip (input_ids int64"), message);
    }

    @Test
    void aTextEncoderWithoutItsTokenizerIsRefusedNamingTheFilesItNeeds() throws Exception {
        Path dir = linkInto(temp.resolve("c"), false, MOBILESAM_ENCODER, SAM_DECODER, CLIP_TEXT);

        PackImporter.Report report = PackImporter.importFolder(dir, PackImporter.Options.defaults());

        assertFalse(report.ok());
        assertTrue(report.problems().get(0).contains("bpe_simple_vocab_16e6.txt.gz"), report.problems().toString());
        assertFalse(Files.exists(dir.resolve(PackManifest.FILE_NAME)));
    }

    /**
     * A {@code --return-single-mask} export is recognised as {@code sam-onnx-single}: the pack loads, and every
     * decode is refused with one sentence naming a pack that has all four candidates. The stand-in graph has
     * the export's tensor signature (one mask per run), which is all recognition and refusal look at.
     */
    @Test
    void aSingleMaskDecoderLoadsAndRefusesDecodingNamingAPackWithFourCandidates() throws Exception {
        Path dir = linkInto(temp.resolve("d"), false, MOBILESAM_ENCODER);
        OnnxGraph g = new OnnxGraph("single_mask_stand_in");
        g.input("image_embeddings", ElementType.FLOAT, 1, 256, 64, 64);
        g.input("point_coords", ElementType.FLOAT, 1, "num_points", 2);
        OnnxGraph.Value labels = g.input("point_labels", ElementType.FLOAT, 1, "num_points");
        OnnxGraph.Value maskInput = g.input("mask_input", ElementType.FLOAT, 1, 1, 256, 256);
        OnnxGraph.Value hasMask = g.input("has_mask_input", ElementType.FLOAT, 1);
        g.input("orig_im_size", ElementType.FLOAT, 2);
        OnnxGraph.Value low = g.mul(maskInput, hasMask);
        g.output("low_res_masks", low, ElementType.FLOAT, 1, 1, 256, 256);
        g.output("masks", low, ElementType.FLOAT, 1, 1, 256, 256);
        g.output("iou_predictions", g.reduceMax(labels, true, 1), ElementType.FLOAT, 1, 1);
        OnnxModelWriter.write(g, "test", dir.resolve("sam_mask_decoder_single.onnx"));

        PackImporter.Report report = PackImporter.importFolder(dir, PackImporter.Options.defaults());
        assertTrue(report.ok(), report.toText());
        ModelEntry decoder = report.manifest().models().get(1);
        assertEquals("sam-onnx-single", decoder.dialect());

        try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
            ImageEmbedding embedding = pack.imageEncoder().encode(RgbImage.of(64, 48, new byte[64 * 48 * 3]));
            CandidatesUnavailableException refused = assertThrows(CandidatesUnavailableException.class,
                    () -> pack.promptDecoder().decode(embedding, DecoderPrompt.of(List.of(PointPrompt.positive(10, 10)))));
            assertTrue(refused.getMessage().contains("sam_mask_decoder_single.onnx is a single-mask decoder export"));
            assertTrue(refused.getMessage().contains("use the pack 'mobilesam'"), refused.getMessage());
        }
    }

    private static Path linkTarget(String fixture) {
        return dev.findling.models.testing.RealArchFixtures.file(fixture);
    }

    private static void assertRoleAndDialect(ModelEntry e, String role, String dialect) {
        assertEquals(role + " " + dialect, e.role() + " " + e.dialect(), e.file());
    }
}
