package dev.findling.personalize;

import dev.findling.models.ModelPack;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The entry point against the reference pack's real ONNX sessions. */
class PerSamTest {
    static final PersonalizationScenes.Look DISC = PersonalizationScenes.CONCEPTS.get(0);
    static final PersonalizationScenes.Look SQUARE = PersonalizationScenes.CONCEPTS.get(4);

    static PerSam perSam() {
        return new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults());
    }

    @Test
    void conceptFromReferenceHoldsUnitTargetFeatureAndFineTuneWeights() {
        var ref = PersonalizationScenes.render(DISC, true, 1, 640, 480, 11);
        Concept c = perSam().createConcept("my disc", ref.image(), ref.truth(), true);
        assertEquals(ReferencePackFixture.pack().id(), c.packId());
        assertEquals(256, c.dimensions());
        double n = 0;
        for (float v : c.targetFeat()) {
            n += v * v;
        }
        assertEquals(1.0, n, 1e-4);
        assertTrue(c.fineTuneWeights().isPresent());
        assertTrue(c.thumbnailPng().length > 100);
        assertEquals(ref.truth(), c.referenceMask());
    }

    @Test
    void badReferenceMasksAreTypedErrors() {
        var ref = PersonalizationScenes.render(DISC, true, 1, 800, 600, 12);
        MaskSizeMismatchException e = assertThrows(MaskSizeMismatchException.class,
                () -> perSam().createConcept("x", ref.image(), BinaryMask.empty(640, 480), false));
        assertEquals("mask is 640×480 but the image is 800×600", e.getMessage());
        assertThrows(EmptyMaskException.class, () -> perSam().createConcept("x", ref.image(), BinaryMask.empty(800, 600), false));
    }

    @Test
    void absentConceptIsNotFound() {
        var ref = PersonalizationScenes.render(DISC, true, 1, 640, 480, 13);
        Concept c = perSam().createConcept("disc", ref.image(), ref.truth(), false);
        var absent = PersonalizationScenes.render(DISC, false, 1, 640, 480, 14);
        PerSamResult r = perSam().segment(c, absent.image());
        assertFalse(r.found(), "score " + r.score());
        assertTrue(r.mask().isEmpty());
        assertTrue(r.score() < PerSamOptions.DEFAULT_PRESENCE_THRESHOLD);
    }

    @Test
    void plainSamOnnxDecoderSkipsGuidanceAndStillSegments() {
        ModelPack pack = ReferencePackFixture.pack();
        PerSam plain = PerSam.of(pack.imageEncoder(), pack.promptDecoder(), pack.id(), PerSamOptions.defaults());
        var ref = PersonalizationScenes.render(SQUARE, true, 1, 640, 480, 15);
        Concept c = plain.createConcept("square", ref.image(), ref.truth(), false);
        var test = PersonalizationScenes.render(SQUARE, true, 1, 512, 512, 16);
        PerSamResult r = plain.segment(c, test.image());
        assertEquals(pack.promptDecoder().acceptsGuidance(), r.guidanceApplied());
        assertTrue(r.found());
        assertTrue(r.mask().iou(test.truth()) > 0.8, "IoU " + r.mask().iou(test.truth()));
    }

    @Test
    void twoInstancesAreBothFoundWhenAskedFor() {
        var ref = PersonalizationScenes.render(SQUARE, true, 1, 640, 480, 17);
        PerSam ps = perSam();
        Concept c = ps.createConcept("square", ref.image(), ref.truth(), false);
        var scene = PersonalizationScenes.render(SQUARE, true, 2, 800, 600, 18);
        PerSamResult r = ps.withOptions(ps.options().withMaxInstances(3)).segment(c, scene.image());
        assertTrue(r.found());
        assertTrue(r.instances().size() >= 2, "instances " + r.instances().size());
        for (int i = 0; i < r.instances().size(); i++) {
            for (int j = i + 1; j < r.instances().size(); j++) {
                assertTrue(r.instances().get(i).mask().iou(r.instances().get(j).mask()) <= 0.5);
            }
        }
        assertTrue(r.mask().iou(scene.truth()) > 0.8, "IoU of the union " + r.mask().iou(scene.truth()));
        PerSamResult one = ps.segment(c, scene.image());
        assertEquals(1, one.instances().size());
    }

    @Test
    void embeddingFromCacheGivesTheSameResult() {
        var ref = PersonalizationScenes.render(DISC, true, 1, 640, 480, 19);
        PerSam ps = perSam();
        Concept c = ps.createConcept("disc", ref.image(), ref.truth(), false);
        var test = PersonalizationScenes.render(DISC, true, 1, 640, 480, 20);
        var emb = ReferencePackFixture.pack().imageEncoder().encode(test.image());
        assertEquals(ps.segment(c, test.image()).mask(), ps.segment(c, emb).mask());
    }
}
