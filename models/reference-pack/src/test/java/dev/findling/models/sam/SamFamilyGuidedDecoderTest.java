package dev.findling.models.sam;

import dev.findling.models.ModelPack;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.PackLoader;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.SamFamilyPacks;
import dev.findling.models.testing.SamFamilyPacks.Family;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pack of EdgeSAM's or EfficientSAM's stock files gets PerSAM's guided decoder derived from its decoder when it
 * loads ({@code edgesam-persam}, {@code efficientsam-persam}; docs/sam-family.md, "Guidance"): written once into
 * {@code derived/}, reused at the next load, used only for PerSAM's first pass, and it applies the guidance it is
 * given. (That the derived graph is Personalize-SAM's edit is proven in {@code models/onnx-graph}'s
 * {@code PerSamDecoderDerivationOnSamFamilyTest}.)
 */
class SamFamilyGuidedDecoderTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void theFamilysDecoderGetsAGuidedTwinThatAppliesTheGuidance(Family family) {
        Path packDir = SamFamilyPacks.pack(family, temp);
        String guidedDialect = Dialects.guidedDialectOf(family.dialect).orElseThrow();
        String golden = family == Family.EDGESAM ? "edgesam" : "efficientsam";
        float[] features = SamFamilyPacks.readNpy(SamFamilyPacks.familyDir()
                .resolve(golden + "/golden/cat01/encoder_out_image_embeddings.npy"), new ArrayList<>());
        try (ModelPack pack = ModelPack.open(packDir, ExecutionSettings.defaults())) {
            MaskDecoder plain = pack.promptDecoder();
            MaskDecoder guided = pack.personalizationDecoder();
            assertEquals(family.dialect, plain.dialect(), "click-to-segment stays on the stock decoder");
            assertFalse(plain.acceptsGuidance());
            assertEquals(guidedDialect, guided.dialect());
            assertTrue(guided.acceptsGuidance());
            assertEquals(plain.candidates(), guided.candidates());
            PackLoader.DerivedInspection derived = pack.derivedPerSamDecoder().orElseThrow();
            assertEquals(null, derived.unavailableReason());
            assertTrue(derived.derived().madeNow());
            assertTrue(Files.isRegularFile(derived.derived().file()), "written beside the pack: " + derived.derived().file());
            assertEquals(family == Family.EDGESAM ? 8 : 7, derived.derived().record().addedNodes().size());

            ResizeGeometry geometry = family == Family.EDGESAM ? ResizeGeometry.of(1277, 1277, 1024)
                    : ResizeGeometry.stretched(1277, 1277, 1024);
            ImageEmbedding embedding = new ImageEmbedding(pack.id(), 256, 64, 64, features, geometry);
            DecoderPrompt prompt = DecoderPrompt.of(List.of(PointPrompt.positive(566, 704), PointPrompt.negative(100, 100)));
            DecoderResult stock = plain.decode(embedding, prompt);
            DecoderResult unguided = guided.decode(embedding, prompt);
            DecoderResult withGuidance = guided.decode(embedding, prompt.withGuidance(guidance(features)));
            assertFalse(stock.guidanceApplied());
            assertFalse(unguided.guidanceApplied(), "zeros were fed: no guidance reached the graph");
            assertTrue(withGuidance.guidanceApplied());
            assertFalse(withGuidance.maskInputApplied());
            assertEquals(stock.candidateCount(), withGuidance.candidateCount());
            assertTrue(maxAbsDifference(unguided.lowResLogits(0), withGuidance.lowResLogits(0)) > 0.1,
                    "the guidance changes the logits");
        }
        // The next load verifies and reuses the derived graph.
        try (ModelPack again = ModelPack.open(packDir, ExecutionSettings.defaults())) {
            assertFalse(again.derivedPerSamDecoder().orElseThrow().derived().madeNow());
            assertEquals(guidedDialect, again.personalizationDecoder().dialect());
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void guidanceOfTheWrongSizeIsRefusedWithASentence(Family family) {
        Path packDir = SamFamilyPacks.pack(family, temp);
        try (ModelPack pack = ModelPack.open(packDir, ExecutionSettings.defaults())) {
            ResizeGeometry geometry = ResizeGeometry.of(64, 64, 1024);
            ImageEmbedding embedding = new ImageEmbedding(pack.id(), 256, 64, 64, new float[256 * 64 * 64], geometry);
            DecoderPrompt prompt = DecoderPrompt.of(List.of(PointPrompt.positive(10, 10)))
                    .withGuidance(new PerSamGuidance(new float[1024], new float[256]));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> pack.personalizationDecoder().decode(embedding, prompt));
            assertEquals("attn_sim must hold one value per embedding cell (64×64 = 4096) but holds 1024", e.getMessage());
        }
    }

    /** The feature at the cat's centroid cell as the target, and a bump of attention around it. */
    private static PerSamGuidance guidance(float[] features) {
        int cells = 64 * 64;
        float[] target = new float[256];
        for (int c = 0; c < 256; c++) {
            target[c] = features[c * cells + 35 * 64 + 28];
        }
        float[] attn = new float[cells];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                double d2 = (x - 28) * (x - 28) + (y - 35) * (y - 35);
                attn[y * 64 + x] = (float) (1 / (1 + Math.exp(-(3 * Math.exp(-d2 / 200) - 1))));
            }
        }
        return new PerSamGuidance(attn, target);
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
