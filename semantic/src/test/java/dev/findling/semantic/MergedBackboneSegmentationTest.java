package dev.findling.semantic;

import dev.findling.models.ModelPack;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.MergedBackbonePack;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.RunCounters;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.SyntheticScenes.Scene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open-vocabulary segmentation on a pack whose image encoder and {@code samclip} dense encoder are one merged
 * backbone file (the reference graphs as two heads of one ONNX graph, through ONNX Runtime). Decorators count
 * how often each model role runs.
 */
class MergedBackboneSegmentationTest {
    private static final RunCounters RUNS = new RunCounters();

    private static ModelPack merged;
    private static SemanticSegmenter segmenter;

    @BeforeAll
    static void open() {
        merged = MergedBackbonePack.pack();
        ModelPack counted = merged.withDecorators(RUNS.decorators());
        segmenter = SemanticSegmenter.forPack(counted);
    }

    @BeforeEach
    void resetCounts() {
        RUNS.reset();
    }

    private static void assertRuns(int backbone, int encoder, int dense) {
        assertEquals(backbone, RUNS.backbone.get(), "backbone runs");
        assertEquals(encoder, RUNS.imageEncoder.get(), "image encoder runs");
        assertEquals(dense, RUNS.denseEncoder.get(), "dense encoder runs");
    }

    @Test
    void refinedModeRunsTheBackboneExactlyOnce() {
        Scene scene = SyntheticScenes.standardScene(400, 300, 7);
        SemanticSegmentation r = segmenter.segment(scene.image(), "red, blue", SegmentationMode.REFINED);
        assertRuns(1, 0, 0);
        assertTrue(r.timings().imageEncoder().toNanos() > 0, "the backbone run is the encoder time");
        assertEquals(0, r.timings().denseHead().toNanos(), "the dense features came with the backbone run");
        assertTrue(r.classes().get(0).mask().iou(scene.disc()) >= 0.8, "red IoU " + r.classes().get(0).mask().iou(scene.disc()));
        assertTrue(r.classes().get(1).mask().iou(scene.square()) >= 0.8, "blue IoU " + r.classes().get(1).mask().iou(scene.square()));
    }

    @Test
    void oneBackboneRunGivesTheSameSegmentationAsSeparateEncoderAndDenseRuns() {
        Scene scene = SyntheticScenes.standardScene(320, 240, 5);
        ClassQuery query = ClassQuery.parse("red, blue, striped");
        SemanticSegmentation once = segmenter.segment(scene.image(), query, SegmentationMode.REFINED);
        assertRuns(1, 0, 0);

        // The two roles one after the other on the same shared session: the embedding goes in as if cached.
        ImageEmbedding separate = merged.imageEncoder().encode(scene.image());
        SemanticSegmentation twice = segmenter.segment(scene.image(), separate, query, SegmentationMode.REFINED);
        assertRuns(1, 0, 1);

        assertArrayEquals(twice.labels().toBytes(), once.labels().toBytes());
        for (int c = 0; c < query.size(); c++) {
            ClassSegment a = once.classes().get(c);
            ClassSegment b = twice.classes().get(c);
            assertEquals(b.area(), a.area(), a.name());
            assertEquals(b.score(), a.score(), a.name());
            assertEquals(b.decoderIouEstimate(), a.decoderIouEstimate(), a.name());
            assertEquals(b.points(), a.points(), a.name());
            assertEquals(b.message(), a.message(), a.name());
        }
        assertTrue(once.classes().get(0).found() && once.classes().get(1).found());
    }

    @Test
    void coarseModeRunsOnlyTheDenseHead() {
        Scene scene = SyntheticScenes.standardScene(320, 240, 11);
        SemanticSegmentation r = segmenter.segment(scene.image(), "red, blue", SegmentationMode.COARSE);
        assertRuns(0, 0, 1);
        assertEquals(0, r.timings().imageEncoder().toNanos());
        assertTrue(r.timings().denseHead().toNanos() > 0);
        assertTrue(r.classes().get(0).mask().iou(scene.disc()) >= 0.7);
    }

    @Test
    void aCachedSamEmbeddingLeavesOnlyTheDenseOutputToCompute() {
        Scene scene = SyntheticScenes.standardScene(256, 192, 9);
        ImageEmbedding cached = merged.samClipBackbone().orElseThrow().encode(scene.image()).sam();
        SemanticSegmentation r = segmenter.segment(scene.image(), cached, ClassQuery.parse("red"), SegmentationMode.REFINED);
        assertRuns(0, 0, 1);
        assertEquals(0, r.timings().imageEncoder().toNanos());
        assertTrue(r.classes().get(0).mask().iou(scene.disc()) >= 0.85);
    }

    @Test
    void theMergedPackSegmentsLikeTheReferencePacksSeparateGraphs() {
        Scene scene = SyntheticScenes.standardScene(400, 300, 3);
        SemanticSegmentation viaBackbone = segmenter.segment(scene.image(), "red, blue", SegmentationMode.REFINED);
        SemanticSegmentation viaSeparate = SemanticSegmenter.forPack(ReferencePackFixture.pack())
                .segment(scene.image(), "red, blue", SegmentationMode.REFINED);
        for (int c = 0; c < 2; c++) {
            double agreement = viaBackbone.classes().get(c).mask().iou(viaSeparate.classes().get(c).mask());
            assertTrue(agreement >= 0.99, viaBackbone.classes().get(c).name() + ": IoU between the packs " + agreement);
        }
    }
}
