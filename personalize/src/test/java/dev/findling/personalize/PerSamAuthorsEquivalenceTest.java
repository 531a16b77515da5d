package dev.findling.personalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PerSAM and PerSAM-F through Findling equal Personalize-SAM's own {@code persam.py} / {@code persam_f.py} on the
 * real MobileSAM architecture (random weights) of {@code ../shared/data/real-arch}, target by target: the same
 * encoder input, reference cells and features, confidence map, points, every decoder pass within the fixture
 * README's tolerances, the final masks, and PerSAM-F's fitted weights. The pack has only the stock multi-mask
 * decoder, so PerSAM's first pass runs on the decoder Findling derives from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerSamAuthorsEquivalenceTest {
    private Path golden;
    private Path photos;
    private Path packDir;
    private ModelPack pack;
    private ImageEmbedding reference;
    private BinaryMask referenceMask;
    private RgbImage referenceImage;
    private final ObjectMapper json = new ObjectMapper();

    /** Every decoder run, in order: which decoder, what it was given, what it gave. */
    record Pass(String dialect, DecoderPrompt prompt, DecoderResult result) {
    }

    static final class Recording implements MaskDecoder {
        final MaskDecoder inner;
        final List<Pass> passes;

        Recording(MaskDecoder inner, List<Pass> passes) {
            this.inner = inner;
            this.passes = passes;
        }

        @Override
        public String dialect() {
            return inner.dialect();
        }

        @Override
        public boolean acceptsGuidance() {
            return inner.acceptsGuidance();
        }

        @Override
        public boolean acceptsMaskInput() {
            return inner.acceptsMaskInput();
        }

        @Override
        public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
            DecoderResult r = inner.decode(embedding, prompt);
            passes.add(new Pass(inner.dialect(), prompt, r));
            return r;
        }
    }

    @BeforeAll
    void openPack() throws IOException {
        golden = RealArchFixtures.golden();
        photos = golden.resolve("../../perseg-examples/cat").normalize();
        packDir = RealArchFixtures.pack(Files.createTempDirectory("findling-real-arch-"), RealArchFixtures.Decoders.STOCK_ONLY);
        pack = ModelPack.open(packDir, ExecutionSettings.defaults());
        referenceImage = ImageDecoder.read(photos.resolve("00.jpg"), ImageLimits.DEFAULT);
        referenceMask = MaskImages.read(photos.resolve("00.png"), ImageLimits.DEFAULT);
        reference = pack.imageEncoder().encode(referenceImage);
    }

    @AfterAll
    void close() throws IOException {
        if (pack != null) {
            pack.close();
        }
        if (packDir != null) {
            try (var files = Files.walk(packDir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private PerSam perSam(List<Pass> passes) {
        PerSamOptions options = PerSamOptions.defaults().withPresenceThreshold(0).withMaxInstances(1);
        return PerSam.of(pack.imageEncoder(), new Recording(pack.personalizationDecoder(), passes),
                new Recording(pack.promptDecoder(), passes), pack.id(), options);
    }

    @Test
    void theEncoderSeesTheAuthorsPixelsAndGivesTheirEmbeddings() throws IOException {
        assertEmbedding("00", reference);
    }

    @Test
    void referenceCellsAndFeaturesFollowTheRedChannelRule() throws IOException {
        TargetFeatures t = TargetFeatures.compute(reference, referenceMask);
        float[] refMask64 = NpyArray.read(golden.resolve("cat/ref/persam/ref_mask_64.npy")).floats();
        int differing = 0;
        for (int i = 0; i < refMask64.length; i++) {
            if (t.selectedCells()[i] != (refMask64[i] > 0)) {
                differing++;
            }
        }
        assertEquals(0, differing, "cells differing from the authors' ref_mask_64 > 0");
        assertEquals(1156, t.cellsUsed());
        assertClose("target_embedding", NpyArray.read(golden.resolve("cat/ref/persam/target_embedding.npy")).floats(),
                t.targetEmbedding(), 1e-4, 1e-3);
        assertClose("target_feat", NpyArray.read(golden.resolve("cat/ref/persam/target_feat.npy")).floats(),
                t.targetFeatUnit(), 1e-5, 1e-3);
        assertClose("PerSAM-F target_feat", NpyArray.read(golden.resolve("cat/ref/persam_f/target_feat.npy")).floats(),
                t.persamFFeatUnit(), 1e-5, 1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "02"})
    void persamEqualsTheAuthorsOnEachTarget(String target) throws IOException {
        Path dir = golden.resolve("cat/" + target + "/persam");
        JsonNode run = json.readTree(dir.resolve("run.json").toFile());
        ImageEmbedding embedding = pack.imageEncoder().encode(ImageDecoder.read(photos.resolve(target + ".jpg"), ImageLimits.DEFAULT));
        assertEmbedding(target, embedding);
        Concept concept = perSam(new ArrayList<>()).createConcept("cat", referenceImage, referenceMask, reference, false);

        LocationConfidenceMap map = LocationConfidenceMap.compute(embedding, concept.targetFeatUnsafe());
        assertConfidenceMap(dir, run, map, embedding);
        assertClose("attn_sim", NpyArray.read(dir.resolve("attn_sim.npy")).floats(), map.attnSim4096(), 1e-5, 1e-3);

        List<Pass> passes = new ArrayList<>();
        PerSamResult result = perSam(passes).segment(concept, embedding);
        assertEquals(3, passes.size());
        assertTrue(result.guidanceApplied(), "the derived decoder takes PerSAM's guidance");
        assertEquals("persam", passes.get(0).dialect());
        assertEquals("sam-onnx", passes.get(1).dialect());
        assertEquals("sam-onnx", passes.get(2).dialect());
        JsonNode points = run.get("points");
        assertPoint("positive", points.get("positive_xy").get(0), passes.get(0).prompt().points().get(0), true);
        assertPoint("negative", points.get("negative_xy").get(0), passes.get(0).prompt().points().get(1), false);
        assertPasses(dir, run, passes);
        assertFinalMask(dir, result.mask(), 0.98);
    }

    /**
     * PerSAM-F's cascade with the authors' fitted weights (the goldens chain those exact weights into pass 2's
     * mask input): every pass within the README's tolerances and the same final mask.
     */
    @ParameterizedTest
    @ValueSource(strings = {"01", "02"})
    void persamFEqualsTheAuthorsOnEachTarget(String target) throws IOException {
        Path dir = golden.resolve("cat/" + target + "/persam_f");
        JsonNode run = json.readTree(dir.resolve("run.json").toFile());
        JsonNode ref = json.readTree(golden.resolve("cat/ref/persam_f/ref.json").toFile());
        ImageEmbedding embedding = pack.imageEncoder().encode(ImageDecoder.read(photos.resolve(target + ".jpg"), ImageLimits.DEFAULT));
        MaskMixingWeights fitted = fineTunedConcept().fineTuneWeights().orElseThrow();
        MaskMixingWeights authors = new MaskMixingWeights(ref.get("learnable_param").get(0).floatValue(),
                ref.get("learnable_param").get(1).floatValue(), fitted.locationFeatUnsafe());
        Concept concept = fineTunedConcept().withFineTuneWeights(authors);

        LocationConfidenceMap map = LocationConfidenceMap.compute(embedding, authors.locationFeatUnsafe());
        assertConfidenceMap(dir, run, map, embedding);

        List<Pass> passes = new ArrayList<>();
        PerSamResult result = perSam(passes).segment(concept, embedding);
        assertEquals(3, passes.size());
        assertTrue(result.fineTuned());
        passes.forEach(p -> assertEquals("sam-onnx", p.dialect(), "PerSAM-F runs plain SAM prompting"));
        assertPoint("positive", run.get("points").get("positive_xy").get(0), passes.get(0).prompt().points().get(0), true);
        assertEquals(1, passes.get(0).prompt().points().size(), "PerSAM-F prompts with the positive point only");
        assertPasses(dir, run, passes);
        assertFinalMask(dir, result.mask(), 0.98);
    }

    /** End to end with Findling's own fit: the final masks stay the authors' (IoU ≥ 0.95). */
    @ParameterizedTest
    @ValueSource(strings = {"01", "02"})
    void persamFWithFindlingsFitFindsTheAuthorsMasks(String target) throws IOException {
        Path dir = golden.resolve("cat/" + target + "/persam_f");
        ImageEmbedding embedding = pack.imageEncoder().encode(ImageDecoder.read(photos.resolve(target + ".jpg"), ImageLimits.DEFAULT));
        PerSamResult result = perSam(new ArrayList<>()).segment(fineTunedConcept(), embedding);
        assertTrue(result.fineTuned());
        assertFinalMask(dir, result.mask(), 0.95);
    }

    @Test
    void persamFFitsTheAuthorsWeights() throws IOException {
        JsonNode ref = json.readTree(golden.resolve("cat/ref/persam_f/ref.json").toFile());
        MaskMixingWeights w = fineTunedConcept().fineTuneWeights().orElseThrow();
        double[] fitted = {w.w0(), w.w1(), w.w2()};
        for (int i = 0; i < 3; i++) {
            double expected = ref.get("mask_weights").get(i).asDouble();
            assertEquals(expected, fitted[i], 0.02, "weight " + i + " (fitted " + java.util.Arrays.toString(fitted) + ")");
        }
    }

    private Concept fittedConcept;

    private synchronized Concept fineTunedConcept() {
        if (fittedConcept == null) {
            fittedConcept = perSam(new ArrayList<>()).createConcept("cat", referenceImage, referenceMask, reference, true);
        }
        return fittedConcept;
    }

    /**
     * Where Findling deliberately differs: a pass whose mask is empty ends the search with "not found" (the authors'
     * code would take the box of an empty mask and fail). Shown with a decoder that answers nothing but negative
     * logits.
     */
    @Test
    void anEmptyFirstMaskIsNotFoundWhereTheAuthorsCodeWouldFail() {
        MaskDecoder nothing = new MaskDecoder() {
            @Override
            public String dialect() {
                return "sam-onnx";
            }

            @Override
            public boolean acceptsGuidance() {
                return false;
            }

            @Override
            public boolean acceptsMaskInput() {
                return true;
            }

            @Override
            public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
                float[][] logits = new float[4][256 * 256];
                for (float[] l : logits) {
                    java.util.Arrays.fill(l, -5f);
                }
                return new DecoderResult(logits, new float[]{0.5f, 0.5f, 0.5f, 0.5f}, embedding.geometry(), false, false);
            }
        };
        Concept concept = perSam(new ArrayList<>()).createConcept("cat", referenceImage, referenceMask, reference, false);
        PerSamResult r = PerSam.of(pack.imageEncoder(), nothing, pack.id(), PerSamOptions.defaults().withPresenceThreshold(0))
                .segment(concept, reference);
        assertFalse(r.found());
        assertTrue(r.mask().isEmpty());
    }

    // ---------------------------------------------------------------- checks

    private void assertEmbedding(String image, ImageEmbedding e) throws IOException {
        NpyArray s8 = NpyArray.read(golden.resolve("cat/images/" + image + "/image_embeddings_s8.npy"));
        float[] actual = new float[256 * 8 * 8];
        java.nio.FloatBuffer f = e.features();
        for (int c = 0; c < 256; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    actual[(c * 8 + y) * 8 + x] = f.get(c * 4096 + (8 * y) * 64 + 8 * x);
                }
            }
        }
        assertClose("image_embeddings of " + image, s8.floats(), actual, 2e-3, 1e-3);
    }

    private void assertConfidenceMap(Path dir, JsonNode run, LocationConfidenceMap map, ImageEmbedding e) throws IOException {
        assertClose("sim_64", NpyArray.read(dir.resolve("sim_64.npy")).floats(), map.grid(), 1e-5, 1e-3);
        float[] full = map.atOriginalSize();
        int w = e.geometry().originalWidth();
        int h = e.geometry().originalHeight();
        NpyArray s16 = NpyArray.read(dir.resolve("sim_s16.npy"));
        int rows = (int) s16.shape()[0];
        int cols = (int) s16.shape()[1];
        float[] sampled = new float[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                sampled[y * cols + x] = full[(16 * y) * w + 16 * x];
            }
        }
        assertClose("sim_s16", s16.floats(), sampled, 1e-4, 1e-3);
        double r = correlation(s16.floats(), sampled);
        assertTrue(r >= 0.999, "confidence map correlation " + r);
        JsonNode stats = run.get("sim").get("stats");
        double mean = 0;
        for (float v : full) {
            mean += v;
        }
        mean /= (double) w * h;
        assertEquals(stats.get("mean").asDouble(), mean, 1e-5);
        JsonNode argmax = stats.get("argmax_xy");
        LocationConfidenceMap.MapExtremum max = map.maximum();
        assertEquals(argmax.get(0).asInt(), max.x(), 1);
        assertEquals(argmax.get(1).asInt(), max.y(), 1);
    }

    private static void assertPoint(String what, JsonNode expected, PointPrompt actual, boolean positive) {
        assertEquals(positive, actual.positive(), what);
        assertEquals(expected.get(0).asDouble(), actual.x(), 1.0, what + " x");
        assertEquals(expected.get(1).asDouble(), actual.y(), 1.0, what + " y");
    }

    private void assertPasses(Path dir, JsonNode run, List<Pass> passes) throws IOException {
        for (int k = 0; k < 3; k++) {
            JsonNode expected = run.get("passes").get(k);
            Pass pass = passes.get(k);
            String name = dir.getParent().getFileName() + "/" + dir.getFileName() + " pass " + (k + 1);
            float[] iou = new float[4];
            JsonNode e = expected.get("expected_iou_predictions").get(0);
            for (int i = 0; i < 4; i++) {
                iou[i] = (float) e.get(i).asDouble();
            }
            assertClose(name + " iou_predictions", iou, pass.result().iouPredictions(), 1e-4, 1e-3);
            NpyArray lowRes = NpyArray.read(dir.resolve("pass" + (k + 1) + "_low_res_masks_s4.npy"));
            float[] actual = new float[4 * 64 * 64];
            for (int c = 0; c < 4; c++) {
                float[] l = pass.result().lowResLogits(c);
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        actual[(c * 64 + y) * 64 + x] = l[(4 * y) * 256 + 4 * x];
                    }
                }
            }
            assertClose(name + " low_res_masks", lowRes.floats(), actual, 1e-3, 1e-3);
            JsonNode box = expected.get("box_original_xyxy");
            if (box.isNull()) {
                assertEquals(null, pass.prompt().box(), name + " has no box");
            } else {
                var b = pass.prompt().box();
                assertArrayEquals(new float[]{box.get(0).floatValue(), box.get(1).floatValue(), box.get(2).floatValue(),
                        box.get(3).floatValue()}, new float[]{b.x0(), b.y0(), b.x1(), b.y1()}, name + " box");
            }
        }
    }

    private static void assertFinalMask(Path dir, BinaryMask actual, double minIou) throws IOException {
        BinaryMask expected = MaskImages.read(dir.resolve("mask.png"), ImageLimits.DEFAULT);
        double iou = expected.iou(actual);
        assertTrue(iou >= minIou, dir + ": final mask IoU " + iou);
    }

    private static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
            if (excess > worst) {
                worst = excess;
                at = i;
            }
        }
        if (at >= 0) {
            throw new AssertionError(what + ": element " + at + " is " + actual[at] + " but the authors' is "
                    + expected[at] + " (tolerance " + atol + " + " + rtol + "·|e|)");
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
