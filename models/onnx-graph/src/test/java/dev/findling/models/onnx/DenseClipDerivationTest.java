package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The derived dense heads of the tiny CLIP (real structure, random weights) against MaskCLIP's own features. */
class DenseClipDerivationTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    /** README "Tolerances": CLIP outputs atol 1e-4 + rtol 1e-3 (the float16 goldens' rounding fits in rtol). */
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-3;

    private static DenseClipDerivation.Result derive(DenseClipFormula formula) throws Exception {
        OnnxMl.ModelProto stock = OnnxModelFiles.read(RealArchFixtures.file("clip_vision_tiny.onnx"));
        return DenseClipDerivation.derive(stock, formula, "pixel_values", "image_embeds", 224, Map.of("source", "test"));
    }

    /** dense_features [1, D, 14, 14] of cat00 as the golden's layout [196, D] (row-major patches). */
    private static float[] patchRows(DenseClipDerivation.Result r) throws Exception {
        float[] pixels = RealArchFixtures.clipPixelValues(RealArchFixtures.file("golden/clip/vision/cat00/pixels_224.png"));
        try (OrtSession s = ENV.createSession(r.model().toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(pixels), new long[]{1, 3, 224, 224});
             OrtSession.Result out = s.run(Map.of("pixel_values", x))) {
            OnnxTensor t = (OnnxTensor) out.get(DenseClipDerivation.OUTPUT).orElseThrow();
            assertArrayEquals(new long[]{1, r.dimension(), r.gridSide(), r.gridSide()}, t.getInfo().getShape());
            FloatBuffer b = t.getFloatBuffer();
            int d = r.dimension();
            int cells = r.gridSide() * r.gridSide();
            float[] rows = new float[cells * d];
            for (int c = 0; c < d; c++) {
                for (int p = 0; p < cells; p++) {
                    rows[p * d + c] = b.get(c * cells + p);
                }
            }
            return rows;
        }
    }

    @Test
    void maskClipHeadReproducesTheGoldenPatchFeatures() throws Exception {
        DenseClipDerivation.Result r = derive(DenseClipFormula.MASKCLIP);
        assertEquals(512, r.dimension());
        assertEquals(14, r.gridSide());
        assertEquals(16, r.patchSize());
        NpyArray golden = RealArchFixtures.npy("golden/clip/vision/cat00/maskclip_patch_features.npy");
        assertArrayEquals(new long[]{196, 512}, golden.shape());
        golden.assertClose(patchRows(r), ATOL, RTOL, "MaskCLIP patch features");
    }

    @Test
    void noResidualHeadReproducesTheGoldenVariant() throws Exception {
        NpyArray golden = RealArchFixtures.npy("golden/clip/vision/cat00/maskclip_patch_features_no_residual.npy");
        golden.assertClose(patchRows(derive(DenseClipFormula.MASKCLIP_NO_RESIDUAL)), ATOL, RTOL, "no-residual features");
    }

    @Test
    void clearClipHeadDiffersFromBothMaskClipVariants() throws Exception {
        float[] clear = patchRows(derive(DenseClipFormula.CLEARCLIP));
        // Without a golden for ClearCLIP, it must at least not collapse to either MaskCLIP variant
        // (q·q attention mixes tokens; the identity attention does not).
        assertTrue(RealArchFixtures.npy("golden/clip/vision/cat00/maskclip_patch_features_no_residual.npy").maxAbsDifference(clear) > 1e-2);
        assertTrue(RealArchFixtures.npy("golden/clip/vision/cat00/maskclip_patch_features.npy").maxAbsDifference(clear) > 1e-2);
    }

    @Test
    void derivedHeadKeepsOnlyWhatItsOutputNeeds() throws Exception {
        DenseClipDerivation.Result r = derive(DenseClipFormula.MASKCLIP);
        OnnxMl.GraphProto g = r.model().getGraph();
        assertEquals(1, g.getOutputCount());
        assertEquals(DenseClipDerivation.OUTPUT, g.getOutput(0).getName());
        assertTrue(g.getNodeList().stream().noneMatch(n -> n.getOutputList().contains("last_hidden_state")));
        assertTrue(r.model().getMetadataPropsList().stream()
                .anyMatch(p -> p.getKey().equals("findling.dense_clip.formula") && p.getValue().equals("maskclip")));
        assertEquals(4, r.located().size(), String.join("\n", r.located()));
    }

    @Test
    void aTextTowerIsRefusedWithTheMissingPart() throws Exception {
        OnnxMl.ModelProto text = OnnxModelFiles.read(RealArchFixtures.file("clip_text_tiny.onnx"));
        GraphStructureException e = assertThrows(GraphStructureException.class, () -> DenseClipDerivation.derive(
                text, DenseClipFormula.MASKCLIP, "pixel_values", "image_embeds", 224, Map.of()));
        assertTrue(e.getMessage().contains("pixel_values"), e.getMessage());
    }
}
