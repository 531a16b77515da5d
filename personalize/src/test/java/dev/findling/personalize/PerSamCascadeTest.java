package dev.findling.personalize;

import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cascade's control flow against a scripted decoder (no model). */
class PerSamCascadeTest {
    static final ResizeGeometry G = ResizeGeometry.of(480, 640, 1024);
    static final float[] A = {1, 0, 0, 0, 0, 0, 0, 0};
    static final float[] B = {0.2f, 0.98f, 0, 0, 0, 0, 0, 0};

    /** A decoder that records prompts and answers from a function of the pass number. */
    static final class ScriptedDecoder implements MaskDecoder {
        final List<DecoderPrompt> prompts = new ArrayList<>();
        final boolean guidance;
        final Function<Integer, float[][]> logits;
        final float iou;

        ScriptedDecoder(boolean guidance, float iou, Function<Integer, float[][]> logits) {
            this.guidance = guidance;
            this.logits = logits;
            this.iou = iou;
        }

        @Override
        public String dialect() {
            return guidance ? "persam" : "sam-onnx";
        }

        @Override
        public boolean acceptsGuidance() {
            return guidance;
        }

        @Override
        public boolean acceptsMaskInput() {
            return true;
        }

        @Override
        public synchronized DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
            prompts.add(prompt);
            return new DecoderResult(logits.apply(prompts.size()), new float[] {iou, iou - 0.1f, iou, iou - 0.2f},
                    embedding.geometry(), guidance && prompt.guidance() != null, prompt.maskInputLowRes() != null);
        }
    }

    static float[][] four(float[] m) {
        return new float[][] {m, m, m, m};
    }

    static float[] disc() {
        // Original (200–360, 150–290) → low-res frame: scale 1024/640 / 4 = 0.4.
        return TestGrids.ellipseLogits(280 * 0.4, 220 * 0.4, 80 * 0.4, 70 * 0.4, 1.0);
    }

    static float[] empty() {
        float[] f = new float[256 * 256];
        Arrays.fill(f, -5f);
        return f;
    }

    static ImageEmbedding embeddingWithConceptAt(int x0, int y0, int x1, int y1) {
        boolean[] on = FeatureGridMask.selectedCells(TestGrids.rect(640, 480, x0, y0, x1, y1), G);
        return TestGrids.twoVectorEmbedding(on, A, B, G, "pack");
    }

    static Concept concept() {
        return new Concept("c1", "thing", "pack", A, A, new byte[0], TestGrids.rect(640, 480, 0, 0, 10, 10),
                java.util.Optional.empty(), java.time.Instant.EPOCH);
    }

    static PerSam perSam(MaskDecoder decoder, PerSamOptions options) {
        ImageEncoder unused = new ImageEncoder() {
            public String dialect() {
                return "sam";
            }

            public int inputSize() {
                return 1024;
            }

            public ImageEmbedding encode(RgbImage image) {
                throw new UnsupportedOperationException();
            }
        };
        return PerSam.of(unused, decoder, "pack", options);
    }

    @Test
    void threePassesWithGuidanceOnlyOnTheFirst() {
        ScriptedDecoder d = new ScriptedDecoder(true, 0.95f, pass -> four(disc()));
        PerSamResult r = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.5)).segment(concept(), embeddingWithConceptAt(200, 150, 360, 290));
        assertTrue(r.found());
        assertEquals(3, d.prompts.size());
        assertNotNull(d.prompts.get(0).guidance());
        assertEquals(4096, d.prompts.get(0).guidance().attnSim4096().length);
        assertNull(d.prompts.get(1).guidance());
        assertNull(d.prompts.get(0).maskInputLowRes());
        assertNotNull(d.prompts.get(1).maskInputLowRes());
        assertNull(d.prompts.get(1).box());
        assertNotNull(d.prompts.get(2).box());
        assertTrue(r.guidanceApplied());
        // The positive prior lies on the concept, the negative one off it.
        var pos = r.prompts().get(0);
        var neg = r.prompts().get(1);
        assertTrue(pos.positive() && pos.x() >= 190 && pos.x() <= 370 && pos.y() >= 140 && pos.y() <= 300, pos.toString());
        assertFalse(neg.positive());
        assertEquals(SamPostprocessReference.mask(disc(), G), r.mask());
        assertEquals(r.mask().box(), r.box());
        assertEquals(3, r.timings().decoderPassNanos().size());
        assertTrue(r.score() > 0.9);
    }

    @Test
    void plainDecoderSkipsGuidanceAndSaysSo() {
        ScriptedDecoder d = new ScriptedDecoder(false, 0.95f, pass -> four(disc()));
        PerSamResult r = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.5)).segment(concept(), embeddingWithConceptAt(200, 150, 360, 290));
        assertTrue(r.found());
        assertFalse(r.guidanceApplied());
        assertNull(d.prompts.get(0).guidance());
    }

    @Test
    void emptyMaskAtAnyPassIsNotFound() {
        for (int emptyPass = 1; emptyPass <= 3; emptyPass++) {
            int e = emptyPass;
            ScriptedDecoder d = new ScriptedDecoder(true, 0.95f, pass -> four(pass == e ? empty() : disc()));
            PerSamResult r = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.1)).segment(concept(), embeddingWithConceptAt(200, 150, 360, 290));
            assertFalse(r.found(), "empty at pass " + e);
            assertTrue(r.mask().isEmpty());
            assertTrue(r.box().isEmpty());
            assertEquals(e, d.prompts.size(), "stops after the empty pass");
        }
    }

    @Test
    void lowScoreIsNotFound() {
        ScriptedDecoder d = new ScriptedDecoder(true, 0.2f, pass -> four(disc()));
        PerSamResult r = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.8)).segment(concept(), embeddingWithConceptAt(200, 150, 360, 290));
        assertFalse(r.found());
        assertTrue(r.score() > 0 && r.score() < 0.8, "score is still reported: " + r.score());
        assertTrue(r.mask().isEmpty());
    }

    @Test
    void fineTunedConceptUsesOneMultimaskPassThenTwoRefinementsWithBoxes() {
        ScriptedDecoder d = new ScriptedDecoder(true, 0.95f, pass -> four(disc()));
        Concept c = concept().withFineTuneWeights(new MaskMixingWeights(0.2, 0.3));
        PerSamResult r = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.5)).segment(c, embeddingWithConceptAt(200, 150, 360, 290));
        assertTrue(r.found());
        assertTrue(r.fineTuned());
        assertEquals(3, d.prompts.size());
        assertEquals(1, d.prompts.get(0).points().size());
        assertNull(d.prompts.get(0).box());
        assertNotNull(d.prompts.get(1).box());
        assertNotNull(d.prompts.get(1).maskInputLowRes());
        assertNotNull(d.prompts.get(2).box());
        // Without fine-tuning the same concept runs the training-free cascade.
        ScriptedDecoder d2 = new ScriptedDecoder(true, 0.95f, pass -> four(disc()));
        PerSamResult plain = perSam(d2, PerSamOptions.defaults().withPresenceThreshold(0.5).withFineTuning(false)).segment(c, embeddingWithConceptAt(200, 150, 360, 290));
        assertFalse(plain.fineTuned());
        assertEquals(2, d2.prompts.get(0).points().size());
    }

    @Test
    void conceptFromAnotherPackIsRefused() {
        ScriptedDecoder d = new ScriptedDecoder(true, 0.95f, pass -> four(disc()));
        Concept other = new Concept("c2", "x", "other-pack", A, A, new byte[0], TestGrids.rect(640, 480, 0, 0, 10, 10),
                java.util.Optional.empty(), java.time.Instant.EPOCH);
        assertThrows(ConceptPackMismatchException.class,
                () -> perSam(d, PerSamOptions.defaults()).segment(other, embeddingWithConceptAt(200, 150, 360, 290)));
    }

    @Test
    void severalInstancesAreFoundOnceEach() {
        // Two concept regions; the decoder returns the disc around whichever positive point it is given.
        ImageEmbedding emb;
        {
            boolean[] on = FeatureGridMask.selectedCells(TestGrids.rect(640, 480, 40, 40, 200, 180), G);
            boolean[] on2 = FeatureGridMask.selectedCells(TestGrids.rect(640, 480, 400, 260, 580, 420), G);
            for (int i = 0; i < on.length; i++) {
                on[i] |= on2[i];
            }
            emb = TestGrids.twoVectorEmbedding(on, A, B, G, "pack");
        }
        MaskDecoder d = new MaskDecoder() {
            public String dialect() {
                return "persam";
            }

            public boolean acceptsGuidance() {
                return true;
            }

            public boolean acceptsMaskInput() {
                return true;
            }

            public DecoderResult decode(ImageEmbedding e, DecoderPrompt p) {
                var pos = p.points().get(0);
                float[] m = pos.x() < 320
                        ? TestGrids.ellipseLogits(120 * 0.4, 110 * 0.4, 80 * 0.4, 70 * 0.4, 1)
                        : TestGrids.ellipseLogits(490 * 0.4, 340 * 0.4, 90 * 0.4, 80 * 0.4, 1);
                return new DecoderResult(four(m), new float[] {0.95f, 0.9f, 0.95f, 0.8f}, e.geometry(), true, true);
            }
        };
        PerSamResult r = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.5).withMaxInstances(3)).segment(concept(), emb);
        assertTrue(r.found());
        assertEquals(2, r.instances().size(), "two distinct instances, the third peak finds one of them again or nothing");
        assertTrue(r.instances().get(0).mask().iou(r.instances().get(1).mask()) <= 0.5);
        assertEquals(r.instances().get(0).mask().area() + r.instances().get(1).mask().area(), r.mask().area());
        PerSamResult single = perSam(d, PerSamOptions.defaults().withPresenceThreshold(0.5)).segment(concept(), emb);
        assertEquals(1, single.instances().size());
    }
}
