package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PerSAM's decoder derived from the stock multi-mask decoder equals Personalize-SAM's own export
 * ({@code persam_decoder.onnx}, same weights) on the golden feeds of {@code real-arch/golden/persam_decoder} and on
 * PerSAM's first passes of the cat goldens.
 */
class PerSamDecoderDerivationTest {
    private static final double TOLERANCE = 1e-4;
    private static OrtEnvironment env;
    private static OrtSession persam;
    private static OrtSession derived;
    private static PerSamDecoderDerivation.Result derivation;
    private static float[] embeddingCat01;
    private static float[] embeddingCat02;
    private static Path dir;

    @BeforeAll
    static void derive() throws Exception {
        dir = RealArchFixtures.dir();
        env = OrtEnvironment.getEnvironment();
        OnnxMl.ModelProto stock = OnnxModelFiles.read(dir.resolve("sam_decoder_multimask.onnx"));
        derivation = PerSamDecoderDerivation.derive(stock);
        derived = env.createSession(derivation.model().toByteArray(), new OrtSession.SessionOptions());
        persam = env.createSession(dir.resolve("persam_decoder.onnx").toString(), new OrtSession.SessionOptions());
        try (OrtSession encoder = env.createSession(dir.resolve("mobilesam_encoder_preprocess.onnx").toString(),
                new OrtSession.SessionOptions())) {
            embeddingCat01 = encode(encoder, dir.resolve("golden/cat/images/01/input_image_1024.png"));
            embeddingCat02 = encode(encoder, dir.resolve("golden/cat/images/02/input_image_1024.png"));
        }
    }

    @AfterAll
    static void close() throws OrtException {
        if (derived != null) {
            derived.close();
        }
        if (persam != null) {
            persam.close();
        }
    }

    @Test
    void addsTheTwoInputsAndEightNodesAtTheTransformersQueriesAndTokenToImageSoftmaxes() {
        List<String> inputs = derivation.model().getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
        assertEquals(List.of("image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input",
                "orig_im_size", "attn_sim", "target_embedding"), inputs);
        assertEquals(List.of(1L, 1L, 1L, 4096L), ValueInfos.dims(derivation.model().getGraph().getInput(6)));
        assertEquals(List.of(1L, 1L, 256L), ValueInfos.dims(derivation.model().getGraph().getInput(7)));
        // target_embedding added before each block and at the final attention; block 1's "queries + point
        // embedding", which the exporter shares with block 0's image→token attention, copied over the shifted
        // queries; one Add + Softmax in each block's token→image attention.
        List<String> added = derivation.addedNodes();
        assertEquals(8, added.size(), String.join("\n", added));
        assertEquals(3, added.stream().filter(l -> l.startsWith("Add") && l.contains(", target_embedding →")).count());
        assertEquals(1, added.stream().filter(l -> l.startsWith("Add") && l.contains("/query_pe")).count());
        assertEquals(2, added.stream().filter(l -> l.startsWith("Add") && l.contains(", attn_sim →")).count());
        assertEquals(2, added.stream().filter(l -> l.startsWith("Softmax")).count());
        // Every original node is kept.
        assertEquals(derivation.model().getGraph().getNodeCount() - 8,
                sourceNodeCount());
    }

    private static int sourceNodeCount() {
        try {
            return OnnxModelFiles.read(dir.resolve("sam_decoder_multimask.onnx")).getGraph().getNodeCount();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesADecoderThatAlreadyHasPersamsInputs() throws Exception {
        OnnxMl.ModelProto alreadyPersam = OnnxModelFiles.read(dir.resolve("persam_decoder.onnx"));
        assertThrows(GraphStructureException.class, () -> PerSamDecoderDerivation.derive(alreadyPersam));
    }

    @Test
    void refusesAGraphWithoutSamsTwoWayTransformer() {
        OnnxGraph g = new OnnxGraph("not-sam");
        OnnxGraph.Value x = g.input("image_embeddings", ElementType.FLOAT, 1, 256, 64, 64);
        g.output("y", g.op("Softmax", List.of(x)), ElementType.FLOAT, 1, 256, 64, 64);
        OnnxMl.ModelProto model = OnnxModelWriter.toModel(g, "test");
        GraphStructureException e = assertThrows(GraphStructureException.class, () -> PerSamDecoderDerivation.derive(model));
        assertTrue(e.getMessage().contains("self-attention"), e.getMessage());
    }

    @Test
    void equalsPersonalizeSamsExportOnTheRandomFeedCases() throws Exception {
        float[] attnSim = NpyArray.read(dir.resolve("golden/persam_decoder/attn_sim.npy")).floats();
        float[] target = NpyArray.read(dir.resolve("golden/persam_decoder/target_embedding.npy")).floats();
        Map<String, float[]> clickPad = compare(embeddingCat01, new float[]{400, 300, 0, 0}, new float[]{1, -1},
                null, new float[]{300, 450}, attnSim, target);
        assertArrayEquals(new float[]{-0.7734027f, -0.23239072f, 0.13213831f, -0.20522481f},
                clickPad.get("iou_predictions"), 1e-4f + 1e-3f);
        float[] maskInput = channel(clickPad.get("low_res_masks"), 1);
        Map<String, float[]> boxMask = compare(embeddingCat01, new float[]{500, 200, 100, 600, 50, 80, 900, 700},
                new float[]{1, 0, 2, 3}, maskInput, new float[]{480, 320}, attnSim, target);
        assertArrayEquals(new float[]{-1.2516024f, -0.52223253f, 0.7804691f, -0.099846184f},
                boxMask.get("iou_predictions"), 1e-4f + 1e-3f);
    }

    @Test
    void equalsPersonalizeSamsExportOnPersamsFirstPasses() throws Exception {
        float[] target = NpyArray.read(dir.resolve("golden/cat/ref/persam/target_embedding.npy")).floats();
        compare(embeddingCat01, new float[]{201.27173f, 202.07361f, 728.9084f, 869.2373f, 0, 0}, new float[]{1, 0, -1},
                null, new float[]{1277, 1277}, NpyArray.read(dir.resolve("golden/cat/01/persam/attn_sim.npy")).floats(), target);
        float[] attn02 = NpyArray.read(dir.resolve("golden/cat/02/persam/attn_sim.npy")).floats();
        compare(embeddingCat02, pass1Points(dir.resolve("golden/persam_manifest.txt"), "persam/cat/02/pass1"),
                new float[]{1, 0, -1}, null, new float[]{1282, 1282}, attn02, target);
    }

    /** Runs both graphs on one feed and checks every value of both outputs; returns the derived graph's. */
    private static Map<String, float[]> compare(float[] embedding, float[] coords, float[] labels, float[] maskInput,
                                                float[] origSize, float[] attnSim, float[] target) throws OrtException {
        Map<String, float[]> a = run(persam, embedding, coords, labels, maskInput, origSize, attnSim, target);
        Map<String, float[]> b = run(derived, embedding, coords, labels, maskInput, origSize, attnSim, target);
        for (String output : List.of("iou_predictions", "low_res_masks")) {
            float[] x = a.get(output);
            float[] y = b.get(output);
            assertEquals(x.length, y.length, output);
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]));
            }
            assertTrue(worst <= TOLERANCE, output + " differs by up to " + worst);
        }
        return b;
    }

    private static Map<String, float[]> run(OrtSession s, float[] embedding, float[] coords, float[] labels,
                                            float[] maskInput, float[] origSize, float[] attnSim, float[] target)
            throws OrtException {
        int n = labels.length;
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("image_embeddings", tensor(embedding, 1, 256, 64, 64));
            feed.put("point_coords", tensor(coords, 1, n, 2));
            feed.put("point_labels", tensor(labels, 1, n));
            feed.put("mask_input", tensor(maskInput == null ? new float[256 * 256] : maskInput, 1, 1, 256, 256));
            feed.put("has_mask_input", tensor(new float[]{maskInput == null ? 0 : 1}, 1));
            feed.put("orig_im_size", tensor(origSize, 2));
            feed.put("attn_sim", tensor(attnSim, 1, 1, 1, 4096));
            feed.put("target_embedding", tensor(target, 1, 1, 256));
            try (OrtSession.Result r = s.run(feed, java.util.Set.of("iou_predictions", "low_res_masks"))) {
                Map<String, float[]> out = new HashMap<>();
                for (String name : List.of("iou_predictions", "low_res_masks")) {
                    FloatBuffer fb = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
                    float[] v = new float[fb.remaining()];
                    fb.get(v);
                    out.put(name, v);
                }
                return out;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor tensor(float[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
    }

    private static float[] channel(float[] lowRes, int c) {
        float[] out = new float[256 * 256];
        System.arraycopy(lowRes, c * out.length, out, 0, out.length);
        return out;
    }

    /** The golden pass's point_coords, as the manifest spells them. */
    private static float[] pass1Points(Path manifest, String caseName) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(manifest);
        boolean inCase = false;
        for (String line : lines) {
            if (line.startsWith("case ")) {
                inCase = line.split("\\s+")[1].equals(caseName);
            } else if (inCase && line.startsWith("in point_coords vals")) {
                String[] values = line.split("\\s+")[4].split(",");
                float[] out = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    out[i] = Float.parseFloat(values[i]);
                }
                return out;
            }
        }
        throw new AssertionError(caseName + " not in " + manifest);
    }

    /** The encoder's own input layout: HWC float 0..255. */
    private static float[] encode(OrtSession encoder, Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int h = image.getHeight();
        int w = image.getWidth();
        float[] hwc = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                hwc[i] = (rgb >> 16) & 0xff;
                hwc[i + 1] = (rgb >> 8) & 0xff;
                hwc[i + 2] = rgb & 0xff;
            }
        }
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(hwc), new long[]{h, w, 3});
             OrtSession.Result r = encoder.run(Map.of("input_image", in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }
}
