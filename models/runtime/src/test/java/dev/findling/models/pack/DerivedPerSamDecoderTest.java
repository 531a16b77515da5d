package dev.findling.models.pack;

import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pack with only a stock sam-onnx decoder gets PerSAM's decoder derived beside it: made once, verified at every
 * load, made again when damaged, used for PerSAM's guided pass and shown by {@code models verify}.
 */
class DerivedPerSamDecoderTest {
    @TempDir
    Path tmp;

    @Test
    void aStockOnlyPackGetsTheDerivedDecoderForGuidedPasses() throws Exception {
        Path pack = RealArchFixtures.pack(tmp.resolve("pack"), RealArchFixtures.Decoders.STOCK_ONLY);
        Path golden = RealArchFixtures.golden();
        Path derivedFile;
        try (ModelPack p = ModelPack.open(pack, ExecutionSettings.defaults())) {
            PackLoader.DerivedInspection d = p.derivedPerSamDecoder().orElseThrow();
            assertNull(d.unavailableReason());
            assertTrue(d.derived().madeNow());
            derivedFile = d.derived().file();
            assertEquals(pack.resolve("derived"), derivedFile.getParent());
            assertTrue(derivedFile.getFileName().toString().contains(Checksums.sha256(pack.resolve("decoder.onnx"))),
                    "keyed by the source's SHA-256: " + derivedFile);
            assertEquals("persam", p.personalizationDecoder().dialect());
            assertTrue(p.personalizationDecoder().acceptsGuidance());

            // The golden random-feed case of persam_decoder.onnx, through the derived graph.
            ImageEmbedding e = p.imageEncoder().encode(ImageDecoder.read(
                    golden.resolve("cat/images/01/input_image_1024.png"), ImageLimits.DEFAULT));
            PerSamGuidance guidance = new PerSamGuidance(NpyArray.read(golden.resolve("persam_decoder/attn_sim.npy")).floats(),
                    NpyArray.read(golden.resolve("persam_decoder/target_embedding.npy")).floats());
            DecoderResult guided = p.personalizationDecoder().decode(e,
                    DecoderPrompt.of(List.of(PointPrompt.positive(400, 300))).withGuidance(guidance));
            assertTrue(guided.guidanceApplied());
            float[] expected = {-0.7734027f, -0.23239072f, 0.13213831f, -0.20522481f};
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], guided.iouPrediction(i), 1e-4 + 1e-3 * Math.abs(expected[i]), "iou " + i);
            }
            DecoderResult plain = p.promptDecoder().decode(e, DecoderPrompt.of(List.of(PointPrompt.positive(400, 300))));
            assertFalse(plain.guidanceApplied());
        }

        assertTrue(DerivedPerSamDecoder.listing(pack, ManifestReader.read(pack)).orElseThrow()
                .startsWith("persam derived from decoder.onnx: derived/persam_decoder.v1."));

        // Reused, not made again, at the next load.
        try (ModelPack p = ModelPack.open(pack, ExecutionSettings.defaults())) {
            assertFalse(p.derivedPerSamDecoder().orElseThrow().derived().madeNow());
        }

        // A damaged derived file fails its check and is made again.
        Files.write(derivedFile, new byte[]{0}, StandardOpenOption.APPEND);
        try (ModelPack p = ModelPack.open(pack, ExecutionSettings.defaults())) {
            assertTrue(p.derivedPerSamDecoder().orElseThrow().derived().madeNow());
            assertEquals("persam", p.personalizationDecoder().dialect());
        }

        // The decoders' sessions run without the full-size masks output nobody fetches.
        try (LoadedPack loaded = PackLoader.load(pack, dev.findling.models.runtime.SessionFactory.create(
                ExecutionSettings.defaults()))) {
            for (var s : loaded.entries()) {
                if (s.entry().role().equals(Dialects.MASK_DECODER)) {
                    assertFalse(s.session().getOutputNames().contains("masks"), s.file());
                    assertTrue(s.session().getOutputNames().contains("low_res_masks"), s.file());
                }
            }
            assertFalse(loaded.derivedPerSamDecoder().orElseThrow().session().getOutputNames().contains("masks"));
        }

        VerificationReport report = PackVerifier.verify(pack);
        assertTrue(report.ok(), report.toText());
        assertNotNull(report.derived());
        assertEquals(Checksums.sha256(derivedFile), report.derived().sha256());
        assertEquals(8, report.derived().addedNodes().size());
        assertTrue(report.toText().contains("mask-decoder / persam (derived from decoder.onnx)"), report.toText());
    }

    @Test
    void aPackWithItsOwnPersamDecoderDerivesNothing() throws Exception {
        Path pack = RealArchFixtures.pack(tmp.resolve("pack"), RealArchFixtures.Decoders.STOCK_AND_PERSAM);
        try (ModelPack p = ModelPack.open(pack, ExecutionSettings.defaults())) {
            assertTrue(p.derivedPerSamDecoder().isEmpty());
            assertEquals("persam", p.personalizationDecoder().dialect());
        }
        assertFalse(Files.exists(pack.resolve("derived")));
    }
}
