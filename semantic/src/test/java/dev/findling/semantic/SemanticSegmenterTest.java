package dev.findling.semantic;

import dev.findling.models.ModelPack;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.SyntheticScenes.Scene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open-vocabulary segmentation through ONNX Runtime with the generated reference pack. */
class SemanticSegmenterTest {
    private static ModelPack pack;
    private static SemanticSegmenter segmenter;

    @BeforeAll
    static void open() {
        pack = ReferencePackFixture.pack();
        segmenter = SemanticSegmenter.forPack(pack);
    }

    @Test
    void redSegmentsTheRedDiscInRefinedMode() {
        for (long seed : new long[]{1, 2, 3}) {
            Scene scene = SyntheticScenes.render(SyntheticScenes.randomPlacement(320, 240, seed));
            SemanticSegmentation r = segmenter.segment(scene.image(), "red", SegmentationMode.REFINED);
            ClassSegment red = r.classes().get(0);
            double iou = red.mask().iou(scene.disc());
            assertTrue(iou >= 0.85, "seed " + seed + ": IoU with the disc is " + iou);
            assertNull(red.message());
            assertFalse(red.points().isEmpty());
            assertTrue(red.points().size() <= 3);
            for (var p : red.points()) {
                assertTrue(scene.disc().get((int) p.x(), (int) p.y()), "prompt point " + p + " is not on the disc");
            }
        }
    }

    @Test
    void twoClassQueryLabelsBothObjects() {
        Scene scene = SyntheticScenes.standardScene(400, 300, 7);
        SemanticSegmentation r = segmenter.segment(scene.image(), "red, blue", SegmentationMode.REFINED);
        ClassSegment red = r.byName("red").orElseThrow();
        ClassSegment blue = r.byName("blue").orElseThrow();
        assertEquals(1, red.label());
        assertEquals(2, blue.label());
        assertTrue(red.mask().iou(scene.disc()) >= 0.8, "red IoU " + red.mask().iou(scene.disc()));
        assertTrue(blue.mask().iou(scene.square()) >= 0.8, "blue IoU " + blue.mask().iou(scene.square()));
        LabelMap labels = r.labels();
        assertEquals(400, labels.width());
        assertEquals(300, labels.height());
        assertEquals(1, labels.label(scene.spec().discCx(), scene.spec().discCy()));
        var box = scene.squareBox();
        assertEquals(2, labels.label((box.x0() + box.x1()) / 2, (box.y0() + box.y1()) / 2));
        assertEquals(LabelMap.BACKGROUND, labels.label(2, 2));
        assertEquals(red.area(), labels.mask(1).area());
        assertTrue(red.score() > 0.5 && red.score() <= 1, "score " + red.score());
        assertTrue(r.timings().decoderPerClass().containsKey("red") && r.timings().decoderPerClass().containsKey("blue"));
        assertTrue(r.timings().imageEncoder().toNanos() > 0 && r.timings().denseHead().toNanos() > 0);
    }

    @Test
    void coarseModeFindsBothObjectsRoughly() {
        Scene scene = SyntheticScenes.standardScene(400, 300, 11);
        SemanticSegmentation r = segmenter.segment(scene.image(), "red, blue", SegmentationMode.COARSE);
        double redIou = r.classes().get(0).mask().iou(scene.disc());
        double blueIou = r.classes().get(1).mask().iou(scene.square());
        assertTrue(redIou >= 0.7, "coarse red IoU " + redIou);
        assertTrue(blueIou >= 0.7, "coarse blue IoU " + blueIou);
        assertTrue(Double.isNaN(r.classes().get(0).decoderIouEstimate()));
        assertTrue(r.timings().decoderPerClass().isEmpty());
        assertEquals(0, r.timings().imageEncoder().toNanos());
    }

    @Test
    void unknownWordIsAnEmptyClassWithAMessage() {
        Scene scene = SyntheticScenes.standardScene(320, 240, 5);
        for (SegmentationMode mode : SegmentationMode.values()) {
            SemanticSegmentation r = segmenter.segment(scene.image(), "unicorn", mode);
            ClassSegment unicorn = r.classes().get(0);
            assertFalse(unicorn.found());
            assertTrue(unicorn.mask().isEmpty());
            assertNotNull(unicorn.message());
            assertTrue(unicorn.message().contains("unicorn"), unicorn.message());
            assertTrue(unicorn.mask().width() == 320 && unicorn.mask().height() == 240);
        }
    }

    @Test
    void unknownWordDoesNotDisturbTheKnownOnes() {
        Scene scene = SyntheticScenes.standardScene(320, 240, 5);
        SemanticSegmentation r = segmenter.segment(scene.image(), "unicorn, red", SegmentationMode.REFINED);
        assertFalse(r.classes().get(0).found());
        assertEquals(2, r.classes().get(1).label());
        assertTrue(r.classes().get(1).mask().iou(scene.disc()) >= 0.85);
    }

    @Test
    void absentColourFindsNothingAndSaysWhy() {
        Scene scene = SyntheticScenes.standardScene(320, 240, 5);
        ClassSegment yellow = segmenter.segment(scene.image(), "yellow", SegmentationMode.REFINED).classes().get(0);
        assertFalse(yellow.found());
        assertTrue(yellow.message().contains("nothing in the image is similar enough"), yellow.message());
    }

    @Test
    void sceneWithoutTheDiscFindsNoRed() {
        Scene scene = SyntheticScenes.render(SyntheticScenes.standard(320, 240, 3).withoutDisc());
        SemanticSegmentation r = segmenter.segment(scene.image(), "red, blue", SegmentationMode.REFINED);
        assertFalse(r.classes().get(0).found(), "red found " + r.classes().get(0).area() + " px");
        assertTrue(r.classes().get(1).mask().iou(scene.square()) >= 0.8);
    }

    @Test
    void cachedEmbeddingGivesTheSameLabels() {
        Scene scene = SyntheticScenes.standardScene(256, 192, 9);
        ImageEmbedding embedding = pack.imageEncoder().encode(scene.image());
        SemanticSegmentation fresh = segmenter.segment(scene.image(), "red, blue", SegmentationMode.REFINED);
        SemanticSegmentation cached = segmenter.segment(scene.image(), embedding, ClassQuery.parse("red, blue"), SegmentationMode.REFINED);
        assertArrayEquals(fresh.labels().toBytes(), cached.labels().toBytes());
        assertEquals(0, cached.timings().imageEncoder().toNanos());
    }

    @Test
    void embeddingOfAnotherImageSizeIsRejected() {
        Scene scene = SyntheticScenes.standardScene(256, 192, 9);
        ImageEmbedding other = pack.imageEncoder().encode(SyntheticScenes.standardScene(200, 200, 9).image());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> segmenter.segment(scene.image(), other, ClassQuery.parse("red"), SegmentationMode.REFINED));
        assertTrue(e.getMessage().contains("200×200") && e.getMessage().contains("256×192"), e.getMessage());
    }

    @Test
    void tallImageKeepsItsGeometry() {
        Scene scene = SyntheticScenes.standardScene(180, 360, 4);
        SemanticSegmentation r = segmenter.segment(scene.image(), "red", SegmentationMode.REFINED);
        BinaryMask red = r.classes().get(0).mask();
        assertEquals(180, red.width());
        assertEquals(360, red.height());
        assertTrue(red.iou(scene.disc()) >= 0.85, "IoU " + red.iou(scene.disc()));
    }

    @Test
    void referencePackResultSaysWhatThePackIs() {
        Scene scene = SyntheticScenes.standardScene(128, 96, 1);
        SemanticSegmentation r = segmenter.segment(scene.image(), "red", SegmentationMode.COARSE);
        assertTrue(r.packLabel().contains("reference"), r.packLabel());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("not a learned CLIP model")));
    }

    @Test
    void tooManyClassesIsABadRequest() {
        Scene scene = SyntheticScenes.standardScene(64, 64, 1);
        String query = String.join(",", java.util.stream.IntStream.range(0, 40).mapToObj(i -> "class" + i).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> segmenter.segment(scene.image(), query, SegmentationMode.COARSE));
        assertTrue(e.getMessage().contains("40 classes"), e.getMessage());
    }
}
