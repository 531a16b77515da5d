package dev.findling.personalize;

import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.testing.RefusingModels;
import dev.findling.models.testing.SamFamilyPacks;
import dev.findling.models.testing.SamFamilyPacks.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PerSAM and PerSAM-F on the SAM-family fixtures (EfficientSAM ViT-T, EdgeSAM; random weights, so the masks are
 * noise-like and only the cascade's wiring is checked): pass 1 runs guided on the decoder derived from the family's
 * own, decoders without {@code mask_input} are refined with the box of the previous pass's mask plus the points,
 * EfficientSAM's pass 1 takes its best-scored candidate (it has no single-mask token), and PerSAM-F mixes each
 * family's three multimask candidates.
 */
class PerSamOnSamFamilyTest {
    @TempDir
    Path dir;

    /** Records every prompt and result that passes through a real decoder. */
    static final class Recording implements MaskDecoder {
        final MaskDecoder real;
        final List<DecoderPrompt> prompts = new ArrayList<>();
        final List<DecoderResult> results = new ArrayList<>();

        Recording(MaskDecoder real) {
            this.real = real;
        }

        @Override
        public String dialect() {
            return real.dialect();
        }

        @Override
        public DecoderResult.CandidateLayout candidates() {
            return real.candidates();
        }

        @Override
        public boolean acceptsGuidance() {
            return real.acceptsGuidance();
        }

        @Override
        public boolean acceptsMaskInput() {
            return real.acceptsMaskInput();
        }

        @Override
        public synchronized DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
            DecoderResult r = real.decode(embedding, prompt);
            prompts.add(prompt);
            results.add(r);
            return r;
        }
    }

    private static Path perseg(String file) {
        return SamFamilyPacks.familyDir().resolveSibling("perseg-examples").resolve(file);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void persamAndPersamFRunOnEveryFamilyWithBoxRefinement(Family family) {
        Path packDir = SamFamilyPacks.pack(family, dir);
        try (ModelPack pack = ModelPack.open(packDir, ExecutionSettings.defaults())) {
            // PerSAM's first pass runs on the guided decoder derived from the family's own (docs/sam-family.md,
            // "Guidance"), every other pass on the stock decoder.
            Recording guided = new Recording(pack.personalizationDecoder());
            Recording decoder = new Recording(pack.promptDecoder());
            assertTrue(guided.acceptsGuidance(), family + ": a guided decoder is derived from the family's decoder");
            assertFalse(decoder.acceptsGuidance());
            assertFalse(decoder.acceptsMaskInput(), family + " decoders take no mask_input");
            PerSam persam = PerSam.of(pack.imageEncoder(), guided, decoder, pack.id(), PerSamOptions.defaults());
            assertTrue(new PerSam(pack, PerSamOptions.defaults()).guidanceSupported());
            assertTrue(persam.fineTuningSupported(), family + " returns three multimask candidates");

            RgbImage reference = ImageDecoder.read(perseg("cat/01.jpg"), ImageLimits.DEFAULT);
            BinaryMask mask = MaskImages.read(perseg("cat/01.png"), ImageLimits.DEFAULT);
            // One encoder run per family keeps the suite short: the concept is looked for in its own reference.
            RgbImage target = reference;
            ImageEmbedding refEmbedding = pack.imageEncoder().encode(reference);
            ImageEmbedding targetEmbedding = refEmbedding;

            Concept concept = persam.createConcept("cat", reference, mask, refEmbedding, true);
            assertTrue(concept.fineTuneWeights().isPresent());
            assertNotEquals(MaskMixingWeights.INITIAL, concept.fineTuneWeights().get(), "the fit moved the weights");
            assertTrue(guided.prompts.isEmpty(), "PerSAM-F's fit runs on the stock decoder");

            // PerSAM: pass 1 points only, guided; pass 2 the points and the box of pass 1's mask; pass 3 the box of
            // pass 2's best.
            decoder.prompts.clear();
            decoder.results.clear();
            PerSamResult plain = persam.withOptions(new PerSamOptions(PerSamOptions.DEFAULT_PRESENCE_THRESHOLD, 1, false,
                    PerSamOptions.DEFAULT_MAX_INSTANCE_OVERLAP)).segment(concept, targetEmbedding);
            assertEquals(target.width() + "×" + target.height(), plain.mask().width() + "×" + plain.mask().height());
            assertTrue(plain.guidanceApplied(), family + ": target-guided attention and target-semantic prompting applied");
            assertEquals(1, guided.prompts.size(), "only pass 1 runs on the guided decoder");
            assertTrue(decoder.prompts.size() >= 2, "a full cascade ran: " + decoder.prompts.size() + " plain passes");
            DecoderPrompt first = guided.prompts.get(0);
            assertNull(first.box());
            assertEquals(2, first.points().size(), "positive and negative prior");
            assertSame(concept.targetEmbeddingUnsafe(), first.guidance().targetEmbedding());
            DecoderResult firstResult = guided.results.get(0);
            assertTrue(firstResult.guidanceApplied());
            int chosen = firstResult.singleMaskIndex();
            assertEquals(family == Family.EFFICIENTSAM ? firstResult.bestMultimaskIndex() : 0, chosen);
            assertBoxOf(firstResult.mask(chosen), decoder.prompts.get(0).box(), "pass 2");
            assertEquals(first.points(), decoder.prompts.get(0).points(), "pass 2 keeps the points");
            DecoderResult second = decoder.results.get(0);
            assertBoxOf(second.mask(second.bestMultimaskIndex()), decoder.prompts.get(1).box(), "pass 3");
            for (DecoderResult r : decoder.results) {
                assertFalse(r.maskInputApplied());
                assertFalse(r.guidanceApplied());
            }

            // PerSAM-F: one multimask pass with the positive point, its three candidates mixed, then box refinement,
            // all on the stock decoder.
            guided.prompts.clear();
            decoder.prompts.clear();
            decoder.results.clear();
            PerSamResult tuned = persam.withOptions(new PerSamOptions(PerSamOptions.DEFAULT_PRESENCE_THRESHOLD, 1, true,
                    PerSamOptions.DEFAULT_MAX_INSTANCE_OVERLAP)).segment(concept, targetEmbedding);
            assertTrue(tuned.fineTuned());
            assertFalse(tuned.guidanceApplied());
            assertTrue(guided.prompts.isEmpty());
            assertEquals(1, decoder.prompts.get(0).points().size(), "PerSAM-F prompts with the positive point alone");
            assertTrue(decoder.prompts.size() < 2 || decoder.prompts.get(1).box() != null, "pass 2 takes the mixed mask's box");
        }
    }

    private static void assertBoxOf(BinaryMask mask, BoxPrompt box, String pass) {
        PixelBox b = mask.box().orElseThrow(() -> new AssertionError(pass + ": the previous mask is empty"));
        BoxPrompt expected = PerSamCascade.boxPrompt(b);
        assertEquals(expected, box, pass + " is prompted with the previous mask's box");
    }

    @Test
    void fineTuningIsRefusedWhenADecoderReturnsFewerThanThreeCandidates() {
        PerSam persam = PerSam.of(RefusingModels.encoderThatMustNotRun(), RefusingModels.decoderWithCandidates(2), "p", PerSamOptions.defaults());
        assertFalse(persam.fineTuningSupported());
        float[] features = new float[256 * 64 * 64];
        Random random = new Random(7);
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        ImageEmbedding e = new ImageEmbedding("p", 256, 64, 64, features,
                dev.findling.models.geometry.ResizeGeometry.of(64, 64, 1024));
        byte[] on = new byte[64 * 64];
        for (int y = 20; y < 40; y++) {
            for (int x = 20; x < 40; x++) {
                on[y * 64 + x] = 1;
            }
        }
        BinaryMask square = BinaryMask.wrap(64, 64, on);
        RgbImage image = RgbImage.of(64, 64, new byte[64 * 64 * 3]);
        FineTuningUnsupportedException e2 = assertThrows(FineTuningUnsupportedException.class,
                () -> persam.createConcept("x", image, square, e, true));
        assertEquals("PerSAM-F mixes three multimask candidates but the 2-candidates decoder returns 2; create the "
                + "concept without fine-tuning (plain PerSAM works with this decoder)", e2.getMessage());
        assertEquals("2-candidates", e2.dialect());
        assertEquals(2, e2.multimaskCandidates());
        // Refused before the reference is encoded (this encoder fails the test when it is asked to).
        assertThrows(FineTuningUnsupportedException.class, () -> persam.createConcept("x", image, square, true));
        assertThrows(FineTuningUnsupportedException.class, persam::requireFineTuningSupported);
    }
}
