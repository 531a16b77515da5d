package dev.findling.models.reference;

import dev.findling.models.ModelPack;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskPostprocessor;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.SyntheticScenes.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference encoder and decoders on synthetic scenes with exact ground truth, through the
 * product path ({@link ModelPack} → dialect wrappers → ONNX Runtime). Masks are judged after SAM's
 * post-processing to the original image size.
 */
class ReferenceMaskDecoderTest {
    private static ModelPack pack() {
        return ReferencePackFixture.pack();
    }

    private static ImageEmbedding encode(Scene s) {
        return pack().imageEncoder().encode(s.image());
    }

    private static DecoderResult decode(ImageEmbedding e, DecoderPrompt prompt) {
        return pack().promptDecoder().decode(e, prompt);
    }

    private static PointPrompt discCentre(Scene s) {
        return PointPrompt.positive(s.spec().discCx(), s.spec().discCy());
    }

    private static PointPrompt squareCentre(Scene s, boolean positive) {
        var sp = s.spec();
        return new PointPrompt(sp.squareX() + sp.squareSide() / 2f, sp.squareY() + sp.squareSide() / 2f, positive);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"800,600", "640,480", "480,640", "512,512"})
    void positiveClickOnTheDiscSegmentsTheDisc(int width, int height) {
        Scene scene = SyntheticScenes.standardScene(width, height, 11);
        DecoderResult r = decode(encode(scene), DecoderPrompt.of(List.of(discCentre(scene))));
        double single = r.mask(0).iou(scene.disc());
        double best = r.mask(r.bestMultimaskIndex()).iou(scene.disc());
        assertTrue(single >= 0.9, "single-mask IoU with the disc is " + single);
        assertTrue(best >= 0.9, "best multimask IoU with the disc is " + best);
    }

    @Test
    void clicksSegmentWhicheverObjectTheyHitOnRandomScenes() {
        for (long seed = 0; seed < 4; seed++) {
            Scene scene = SyntheticScenes.render(SyntheticScenes.randomPlacement(seed % 2 == 0 ? 640 : 480, seed % 2 == 0 ? 480 : 640, seed));
            ImageEmbedding e = encode(scene);
            double disc = decode(e, DecoderPrompt.of(List.of(discCentre(scene)))).mask(0).iou(scene.disc());
            double square = decode(e, DecoderPrompt.of(List.of(squareCentre(scene, true)))).mask(0).iou(scene.square());
            assertTrue(disc >= 0.9, "seed " + seed + ": disc IoU " + disc);
            assertTrue(square >= 0.85, "seed " + seed + ": square IoU " + square);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"800,600", "480,640"})
    void boxAroundTheDiscOutlinesTheDisc(int width, int height) {
        Scene scene = SyntheticScenes.standardScene(width, height, 12);
        PixelBox b = scene.discBox();
        DecoderResult r = decode(encode(scene), new DecoderPrompt(List.of(), new BoxPrompt(b.x0(), b.y0(), b.x1(), b.y1()), null, null));
        double iou = r.mask(0).iou(scene.disc());
        assertTrue(iou >= 0.9, "IoU of the box prompt's mask with the disc is " + iou);
    }

    @Test
    void negativeClickOnTheSquareKeepsTheSquareOut() {
        // The square sits right next to the disc here, so only the negative click keeps it out.
        Scene scene = SyntheticScenes.render(SyntheticScenes.standard(640, 480, 13).withSquare(300, 150, 120));
        DecoderResult r = decode(encode(scene), DecoderPrompt.of(List.of(discCentre(scene), squareCentre(scene, false))));
        for (int i = 0; i < 4; i++) {
            BinaryMask m = r.mask(i);
            assertEquals(0, m.intersectionArea(scene.square()), "mask " + i + " includes square pixels");
            assertTrue(m.iou(scene.disc()) >= 0.85, "mask " + i + " IoU with the disc is " + m.iou(scene.disc()));
        }
    }

    @Test
    void onlyANegativeClickSelectsNothing() {
        Scene scene = SyntheticScenes.standardScene(640, 480, 14);
        DecoderResult r = decode(encode(scene), DecoderPrompt.of(List.of(squareCentre(scene, false))));
        for (int i = 0; i < 4; i++) {
            assertTrue(r.mask(i).isEmpty(), "mask " + i + " is not empty");
            assertEquals(0f, r.iouPrediction(i), 1e-6f);
        }
    }

    @Test
    void multimaskOutputsGrowFromSmallToLarge() {
        Scene scene = SyntheticScenes.standardScene(640, 480, 15);
        DecoderResult r = decode(encode(scene), DecoderPrompt.of(List.of(discCentre(scene))));
        long small = r.mask(1).area();
        long medium = r.mask(2).area();
        long large = r.mask(3).area();
        assertTrue(small < medium && medium < large, "areas " + small + ", " + medium + ", " + large);
    }

    @Test
    void iouPredictionsAreStabilityScoresInTheUnitInterval() {
        Scene scene = SyntheticScenes.standardScene(640, 480, 16);
        ImageEmbedding e = encode(scene);
        for (List<PointPrompt> points : List.of(List.of(discCentre(scene)), List.of(squareCentre(scene, true)),
                List.of(PointPrompt.positive(20, 20)), List.of(discCentre(scene), squareCentre(scene, false)))) {
            DecoderResult r = decode(e, DecoderPrompt.of(points));
            for (int i = 0; i < 4; i++) {
                float p = r.iouPrediction(i);
                assertTrue(p >= 0f && p <= 1f, "IoU prediction " + i + " is " + p);
            }
        }
        DecoderResult disc = decode(e, DecoderPrompt.of(List.of(discCentre(scene))));
        assertTrue(disc.iouPrediction(0) > 0.8f, "a clean disc is a stable mask: " + disc.iouPrediction(0));
    }

    @Test
    void maskInputShiftsTheResult() {
        Scene scene = SyntheticScenes.standardScene(640, 480, 17);
        ImageEmbedding e = encode(scene);
        DecoderPrompt click = DecoderPrompt.of(List.of(discCentre(scene)));
        DecoderResult plain = decode(e, click);
        // A previous pass whose mask held only the right part of the disc: +20 there, −20 everywhere else.
        ResizeGeometry g = e.geometry();
        float cutX = g.xToInputFrame(scene.spec().discCx() - scene.spec().discRadius() * 0.3f);
        float cx = g.xToInputFrame(scene.spec().discCx());
        float cy = g.yToInputFrame(scene.spec().discCy());
        float r = g.xToInputFrame(scene.spec().discRadius());
        float[] maskInput = new float[256 * 256];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                float fx = 4 * x + 2;
                float fy = 4 * y + 2;
                boolean kept = fx >= cutX && Math.hypot(fx - cx, fy - cy) <= r;
                maskInput[y * 256 + x] = kept ? 20f : -20f;
            }
        }
        DecoderResult guided = decode(e, click.withMaskInput(maskInput));
        long before = plain.mask(0).area();
        long after = guided.mask(0).area();
        assertTrue(after < 0.85 * before, "mask_input should cut the left of the disc away: area " + before + " → " + after);
        assertTrue(guided.maskInputApplied());
    }

    @Test
    void persamDecoderWithTheDiscsTargetEmbeddingFindsTheDiscInAnotherImage() {
        Scene reference = SyntheticScenes.standardScene(640, 480, 19);
        float[] target = PerSamMath.targetEmbedding(encode(reference), reference.disc());

        Scene test = SyntheticScenes.render(SyntheticScenes.randomPlacement(600, 450, 20).withBackground(SyntheticScenes.Background.NOISY));
        ImageEmbedding e = encode(test);
        PerSamMath.Located loc = PerSamMath.locate(e, target);
        DecoderResult r = pack().personalizationDecoder().decode(e,
                DecoderPrompt.of(List.of(loc.positive(), loc.negative())).withGuidance(new PerSamGuidance(loc.attnSim(), target)));
        assertTrue(test.disc().get(Math.round(loc.positive().x()), Math.round(loc.positive().y())), "the location prior points into the disc");
        double iou = r.mask(0).iou(test.disc());
        assertTrue(iou >= 0.85, "PerSAM mask IoU with the disc is " + iou);
        assertTrue(r.guidanceApplied());
    }

    /** The graph's own {@code masks} output (SAM's in-graph postprocessing) against {@link MaskPostprocessor}. */
    @Test
    void masksOutputEqualsSamPostprocessingOfTheLowResMasks() throws Exception {
        try (ReferenceSessions sessions = new ReferenceSessions()) {
            for (int[] size : new int[][]{{640, 480}, {333, 517}}) {
                Scene scene = SyntheticScenes.standardScene(size[0], size[1], 18);
                ReferenceSessions.Decoded d = sessions.decode(sessions.encode(scene.image()), List.of(discCentre(scene)), null, null, null);
                for (int i = 0; i < 4; i++) {
                    float[] expected = MaskPostprocessor.toOriginalSize(d.result().lowResLogits(i), d.result().geometry());
                    float[] actual = d.masksAtOriginalSize()[i];
                    assertEquals(expected.length, actual.length);
                    float worst = 0;
                    for (int p = 0; p < expected.length; p++) {
                        worst = Math.max(worst, Math.abs(expected[p] - actual[p]));
                    }
                    assertTrue(worst < 0.05f, size[0] + "x" + size[1] + " mask " + i + ": largest logit difference " + worst);
                }
                assertTrue(BinaryMask.fromLogits(size[0], size[1], d.masksAtOriginalSize()[0]).iou(scene.disc()) >= 0.9);
            }
        }
    }
}
