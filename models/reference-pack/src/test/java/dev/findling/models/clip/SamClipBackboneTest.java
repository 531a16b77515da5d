package dev.findling.models.clip;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackException;
import dev.findling.models.pack.PackVerifier;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.pack.TinyPacks;
import dev.findling.models.pack.VerificationReport;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.MergedBackbonePack;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.RunCounters;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A merged SAM-CLIP backbone (one ONNX file, outputs {@code image_embeddings} and {@code dense_features})
 * through ModelPack and ONNX Runtime: one session for both roles, one run for both outputs.
 */
class SamClipBackboneTest {
    private static ModelPack merged;
    private static RgbImage image;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        merged = MergedBackbonePack.pack();
        image = SyntheticScenes.standardScene(640, 480, 7).image();
    }

    @Test
    void oneSessionServesTheImageEncoderAndTheDenseEncoder() {
        assertEquals(MergedBackbonePack.ID, merged.id());
        List<ModelEntry> entries = merged.entries();
        long onBackbone = entries.stream().filter(e -> e.file().equals(MergedBackbonePack.FILE)).count();
        assertEquals(2, onBackbone);
        assertEquals(entries.size() - 1, merged.sessionCount());
        SamClipBackbone backbone = merged.samClipBackbone().orElseThrow();
        assertEquals("sam+samclip", backbone.dialect());
        assertEquals(1024, backbone.inputSize());
        assertEquals(merged.denseEncoder().orElseThrow().dimension(), backbone.dimension());
        assertEquals(merged.textEncoder().orElseThrow().dimension(), backbone.dimension());
    }

    @Test
    void oneRunGivesExactlyWhatTheTwoRolesGiveSeparately() {
        SamClipBackbone.Encoding both = merged.samClipBackbone().orElseThrow().encode(image);
        ImageEmbedding sam = merged.imageEncoder().encode(image);
        DenseFeatures dense = merged.denseEncoder().orElseThrow().encode(image);

        assertEquals(merged.id(), both.sam().packId());
        assertEquals(sam.geometry(), both.sam().geometry());
        assertEquals(256, both.sam().channels());
        assertArrayEquals(sam.copyFeatures(), both.sam().copyFeatures());

        assertEquals(dense.geometry(), both.dense().geometry());
        assertEquals(both.sam().geometry(), both.dense().geometry());
        assertEquals(dense.gridHeight(), both.dense().gridHeight());
        assertArrayEquals(values(dense), values(both.dense()));
    }

    @Test
    void theMergedHeadsComputeWhatTheReferencePacksSeparateGraphsCompute() {
        ModelPack reference = ReferencePackFixture.pack();
        assertTrue(reference.samClipBackbone().isEmpty(), "separate files are no merged backbone");
        assertEquals(reference.entries().size(), reference.sessionCount());
        SamClipBackbone.Encoding both = merged.samClipBackbone().orElseThrow().encode(image);
        assertClose(reference.imageEncoder().encode(image).copyFeatures(), both.sam().copyFeatures());
        assertClose(values(reference.denseEncoder().orElseThrow().encode(image)), values(both.dense()));
    }

    @Test
    void decoratorsReachTheBackboneAndTheDenseEncoder() {
        RunCounters runs = new RunCounters();
        ModelPack view = merged.withDecorators(ModelPack.Decorators.none()
                .withImageEncoder(runs::counting)
                .withSamClipBackbone(runs::counting));
        view.samClipBackbone().orElseThrow().encode(image);
        assertEquals(1, runs.backbone.get());
        assertEquals(0, runs.imageEncoder.get());
        assertSame(merged.denseEncoder().orElseThrow(), view.denseEncoder().orElseThrow(), "undecorated roles stay as they are");

        // The two-operator form leaves the backbone undecorated but present.
        ModelPack timed = merged.withDecorators(runs::counting, d -> d);
        assertSame(merged.samClipBackbone().orElseThrow(), timed.samClipBackbone().orElseThrow());
        assertEquals(merged.sessionCount(), timed.sessionCount());
    }

    @Test
    void aMergedFileWithoutDenseFeaturesIsRefusedNamingFileTensorAndOutputs() throws IOException {
        MergedBackbonePack.write(dir, false);
        String message = assertThrows(PackException.class, () -> ModelPack.open(dir, ExecutionSettings.defaults())).getMessage();
        assertTrue(message.contains(MergedBackbonePack.FILE + ": dialect samclip needs output 'dense_features' but the graph's"
                + " outputs are [image_embeddings]"), message);
        VerificationReport report = PackVerifier.verify(dir);
        assertFalse(report.ok());
        assertTrue(report.entries().stream().filter(e -> e.role().equals(Dialects.IMAGE_ENCODER)).allMatch(VerificationReport.EntryReport::ok),
                report.toText());
    }

    @Test
    void theVerifierAcceptsTheMergedPack() {
        VerificationReport report = PackVerifier.verify(MergedBackbonePack.directory());
        assertTrue(report.ok(), report.toText());
    }

    @Test
    void aTinyMergedBackboneReturnsBothHeadsOfOneInput() throws IOException {
        // TinyPacks' encoder: image_embeddings = 16×16 average pool, dense_features = twice that.
        ModelEntry dense = new ModelEntry(Dialects.DENSE_ENCODER, Dialects.SAMCLIP, "backbone.onnx", null, Map.of(), Map.of(),
                Preprocessing.sam(TinyPacks.ENCODER_SIZE), TinyPacks.CHANNELS);
        TinyPacks.write(dir, TinyPacks.manifest("tiny-merged", List.of(TinyPacks.samEncoderEntry("backbone.onnx"), dense,
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"))),
                Map.of("backbone.onnx", TinyPacks.encoder("image", true),
                        "mask_decoder.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs())));
        RgbImage small = SyntheticScenes.standardScene(96, 80, 3).image();
        try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
            assertEquals(2, pack.sessionCount());
            SamClipBackbone.Encoding both = pack.samClipBackbone().orElseThrow().encode(small);
            float[] sam = both.sam().copyFeatures();
            float[] denseValues = values(both.dense());
            assertEquals(sam.length, denseValues.length);
            for (int i = 0; i < sam.length; i++) {
                assertEquals(2 * sam[i], denseValues[i], 1e-6f * Math.max(1f, Math.abs(sam[i])), "value " + i);
            }
            assertArrayEquals(pack.imageEncoder().encode(small).copyFeatures(), sam);
        }
    }

    private static float[] values(DenseFeatures f) {
        FloatBuffer b = f.values();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 1e-4f * Math.max(1f, Math.abs(expected[i]));
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError("value " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
