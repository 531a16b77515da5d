package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PerSAM's decoder derived from EdgeSAM's and EfficientSAM's decoders ({@code ../shared/data/sam-family}, random
 * weights). Nobody publishes a guided decoder for these families, so the derivation is proven by properties and
 * by an oracle:
 * <ul>
 *   <li>the oracle, {@link PerSamEditByModuleNames}, places Personalize-SAM's edit by the authors' module names; on
 *       SAM's decoder it equals the authors' own {@code persam_decoder.onnx} (real-arch);</li>
 *   <li>on both families the structurally derived graph equals the oracle for a realistic guidance (a target
 *       embedding and {@code attn_sim} made as PerSAM makes them from the fixture's own embedding), and that
 *       guidance moves the outputs well beyond the tolerance;</li>
 *   <li>neutral guidance (zero target embedding, {@code attn_sim} constant along the softmax axis) gives the stock
 *       decoder with only PerSAM's second softmax added — never the stock decoder itself, since
 *       {@code softmax(p + c) = softmax(p)} and no input undoes the second softmax;</li>
 *   <li>adding a constant to {@code attn_sim} changes nothing (softmax's shift invariance).</li>
 * </ul>
 * Tolerances are the fixtures' own (README "Tolerances"): low-res logits atol 1e-3 + rtol 1e-3, EfficientSAM IoU
 * predictions 1e-4 + 1e-3, EdgeSAM stability scores 2e-3 + 1e-3.
 */
class PerSamDecoderDerivationOnSamFamilyTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    enum Family {
        EDGESAM("edgesam/edge_sam_3x_decoder.onnx", "edgesam/golden/cat01/encoder_out_image_embeddings.npy",
                "scores", 2e-3, 8),
        EFFICIENTSAM("efficientsam/efficient_sam_vitt_decoder.onnx",
                "efficientsam/golden/cat01/encoder_out_image_embeddings.npy", "iou_predictions", 1e-4, 7);

        final String decoder;
        final String embedding;
        final String scores;
        final double scoresAtol;
        /** EfficientSAM's blocks add the query positional encoding into the queries before their self-attention,
         *  so block 1 reads one merged "queries + point embedding" and needs no separate copy. */
        final int addedNodes;

        Family(String decoder, String embedding, String scores, double scoresAtol, int addedNodes) {
            this.decoder = decoder;
            this.embedding = embedding;
            this.scores = scores;
            this.scoresAtol = scoresAtol;
            this.addedNodes = addedNodes;
        }
    }

    private static Path familyDir() {
        Path dir = RealArchFixtures.sharedData().resolve("sam-family");
        assumeTrue(Files.isDirectory(dir), dir + " is absent; skipping the SAM-family derivation checks");
        return dir;
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void derivesTheGuidedDecoderAtTheAuthorsModules(Family family) throws Exception {
        OnnxMl.ModelProto stock = OnnxModelFiles.read(familyDir().resolve(family.decoder));
        PerSamDecoderDerivation.Result derived = PerSamDecoderDerivation.derive(stock);
        List<String> added = derived.addedNodes();
        assertEquals(family.addedNodes, added.size(), String.join("\n", added));
        // attn_sim enters after the Softmax of each block's cross_attn_token_to_image, and nowhere else.
        List<String> attn = added.stream().filter(l -> l.startsWith("Add") && l.contains(", attn_sim →")).toList();
        assertEquals(2, attn.size());
        for (int b = 0; b < 2; b++) {
            assertTrue(attn.get(b).contains("/transformer/layers." + b + "/cross_attn_token_to_image/Softmax_output_0,"),
                    attn.get(b));
        }
        assertEquals(stock.getGraph().getNodeCount() + family.addedNodes, derived.model().getGraph().getNodeCount(),
                "every original node is kept");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void guidedDecoderEqualsPersonalizeSamsEditAndTheGuidanceMovesItsOutputs(Family family) throws Exception {
        Path dir = familyDir();
        OnnxMl.ModelProto stock = OnnxModelFiles.read(dir.resolve(family.decoder));
        float[] embedding = NpyArray.read(dir.resolve(family.embedding)).floats();
        float[][] guidance = realisticGuidance(embedding, 28, 35, 9);
        try (Graph derived = new Graph(family, PerSamDecoderDerivation.derive(stock).model());
             Graph oracle = new Graph(family, PerSamEditByModuleNames.apply(stock, true))) {
            Map<String, float[]> guided = derived.run(embedding, guidance[0], guidance[1]);
            compare(family, oracle.run(embedding, guidance[0], guidance[1]), guided, "derived vs Personalize-SAM's edit");

            Map<String, float[]> neutral = derived.run(embedding, new float[4096], new float[256]);
            double moved = maxAbsDifference(neutral.get("logits"), guided.get("logits"));
            assertTrue(moved > 0.5, family + ": the guidance moves the low-res logits by only " + moved);

            // Softmax is shift-invariant: attn_sim + c is the same guidance.
            float[] shifted = guidance[0].clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += 2.5f;
            }
            compare(family, guided, derived.run(embedding, shifted, guidance[1]), "attn_sim + 2.5 vs attn_sim");
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void neutralGuidanceIsTheStockDecoderWithPersamsSecondSoftmax(Family family) throws Exception {
        Path dir = familyDir();
        OnnxMl.ModelProto stock = OnnxModelFiles.read(dir.resolve(family.decoder));
        float[] embedding = NpyArray.read(dir.resolve(family.embedding)).floats();
        float[] constant = new float[4096];
        java.util.Arrays.fill(constant, 0.7f);
        try (Graph derived = new Graph(family, PerSamDecoderDerivation.derive(stock).model());
             Graph secondSoftmaxOnly = new Graph(family, PerSamEditByModuleNames.apply(stock, false));
             Graph original = new Graph(family, stock)) {
            Map<String, float[]> expected = secondSoftmaxOnly.run(embedding, new float[4096], new float[256]);
            compare(family, expected, derived.run(embedding, new float[4096], new float[256]), "attn_sim 0");
            compare(family, expected, derived.run(embedding, constant, new float[256]), "attn_sim 0.7");
            // What "neutral" cannot do: the second softmax flattens the attention, so the stock outputs differ.
            double difference = maxAbsDifference(original.runStock(embedding).get("logits"), expected.get("logits"));
            assertTrue(difference > 1e-2, family + ": the second softmax changed the logits by only " + difference);
        }
    }

    @Test
    void theOracleEqualsPersonalizeSamsOwnExportOnSamsDecoder() throws Exception {
        Path dir = RealArchFixtures.dir();
        OnnxMl.ModelProto stock = OnnxModelFiles.read(dir.resolve(RealArchFixtures.SAM_DECODER));
        float[] attnSim = NpyArray.read(dir.resolve("golden/persam_decoder/attn_sim.npy")).floats();
        float[] target = NpyArray.read(dir.resolve("golden/persam_decoder/target_embedding.npy")).floats();
        float[] embedding = new float[256 * 64 * 64];
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) random.nextGaussian() * 0.5f;
        }
        try (OrtSession authors = ENV.createSession(dir.resolve(RealArchFixtures.PERSAM_DECODER).toString(),
                new OrtSession.SessionOptions());
             OrtSession oracle = ENV.createSession(PerSamEditByModuleNames.apply(stock, true).toByteArray(),
                     new OrtSession.SessionOptions())) {
            float[][] a = runSam(authors, embedding, attnSim, target);
            float[][] b = runSam(oracle, embedding, attnSim, target);
            for (int o = 0; o < 2; o++) {
                double d = maxAbsDifference(a[o], b[o]);
                assertTrue(d <= 1e-4, "output " + o + " differs from the authors' export by " + d);
            }
        }
    }

    /**
     * A guidance made as PerSAM makes it, from the fixture's own embedding: the target embedding is the mean feature
     * of a disc of cells, {@code attn_sim} the sigmoid of the standardised cosine similarity to it (the 64×64 grid
     * itself, so without PerSAM's resampling).
     */
    static float[][] realisticGuidance(float[] embedding, int cx, int cy, int radius) {
        int cells = 64 * 64;
        float[] target = new float[256];
        int n = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                    for (int c = 0; c < 256; c++) {
                        target[c] += embedding[c * cells + y * 64 + x];
                    }
                    n++;
                }
            }
        }
        double norm = 0;
        for (int c = 0; c < 256; c++) {
            target[c] /= n;
            norm += target[c] * target[c];
        }
        norm = Math.sqrt(norm);
        double[] sim = new double[cells];
        double mean = 0;
        for (int i = 0; i < cells; i++) {
            double dot = 0;
            double len = 0;
            for (int c = 0; c < 256; c++) {
                float v = embedding[c * cells + i];
                dot += v * target[c];
                len += v * v;
            }
            sim[i] = dot / (norm * Math.sqrt(len) + 1e-12);
            mean += sim[i];
        }
        mean /= cells;
        double var = 0;
        for (double s : sim) {
            var += (s - mean) * (s - mean);
        }
        double std = Math.sqrt(var / (cells - 1));
        float[] attn = new float[cells];
        for (int i = 0; i < cells; i++) {
            attn[i] = (float) (1 / (1 + Math.exp(-(sim[i] - mean) / std)));
        }
        return new float[][]{attn, target};
    }

    private static void compare(Family family, Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertClose(expected.get("logits"), actual.get("logits"), 1e-3, family + " " + what + ": low-res logits");
        assertClose(expected.get("scores"), actual.get("scores"), family.scoresAtol, family + " " + what + ": " + family.scores);
    }

    private static void assertClose(float[] expected, float[] actual, double atol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            assertTrue(d <= atol + 1e-3 * Math.abs(expected[i]), what + " [" + i + "]: expected " + expected[i]
                    + " but was " + actual[i]);
        }
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** One decoder graph of a family, fed the cat01 point prompt of the fixture's goldens. */
    private static final class Graph implements AutoCloseable {
        private final Family family;
        private final OrtSession session;
        private final String logits;

        Graph(Family family, OnnxMl.ModelProto model) throws OrtException {
            this.family = family;
            this.session = ENV.createSession(model.toByteArray(), new OrtSession.SessionOptions());
            // EdgeSAM names its low-res logits "masks"; EfficientSAM's exporter left them an auto-generated name
            // (its third output).
            this.logits = family == Family.EDGESAM ? "masks" : model.getGraph().getOutput(2).getName();
        }

        Map<String, float[]> run(float[] embedding, float[] attnSim, float[] target) throws OrtException {
            return run(embedding, attnSim, target, true);
        }

        Map<String, float[]> runStock(float[] embedding) throws OrtException {
            return run(embedding, null, null, false);
        }

        private Map<String, float[]> run(float[] embedding, float[] attnSim, float[] target, boolean guided)
                throws OrtException {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            try {
                feed.put("image_embeddings", floats(embedding, 1, 256, 64, 64));
                if (family == Family.EDGESAM) {
                    // The golden cat01 point (566, 704) in the 1024 frame.
                    feed.put("point_coords", floats(new float[]{453.86374f, 564.5231f}, 1, 1, 2));
                    feed.put("point_labels", floats(new float[]{1}, 1, 1));
                } else {
                    feed.put("batched_point_coords", floats(new float[]{566, 704}, 1, 1, 1, 2));
                    feed.put("batched_point_labels", floats(new float[]{1}, 1, 1, 1));
                    feed.put("orig_im_size", OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[]{1277, 1277}),
                            new long[]{2}));
                }
                if (guided) {
                    feed.put(PerSamDecoderDerivation.ATTN_SIM, floats(attnSim, 1, 1, 1, 4096));
                    feed.put(PerSamDecoderDerivation.TARGET_EMBEDDING, floats(target, 1, 1, 256));
                }
                try (OrtSession.Result r = session.run(feed, Set.of(family.scores, logits))) {
                    Map<String, float[]> out = new HashMap<>();
                    out.put("scores", values(r, family.scores));
                    out.put("logits", values(r, logits));
                    return out;
                }
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }

    private static float[][] runSam(OrtSession s, float[] embedding, float[] attnSim, float[] target) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("image_embeddings", floats(embedding, 1, 256, 64, 64));
            feed.put("point_coords", floats(new float[]{400, 300, 0, 0}, 1, 2, 2));
            feed.put("point_labels", floats(new float[]{1, -1}, 1, 2));
            feed.put("mask_input", floats(new float[256 * 256], 1, 1, 256, 256));
            feed.put("has_mask_input", floats(new float[]{0}, 1));
            feed.put("orig_im_size", floats(new float[]{300, 450}, 2));
            feed.put("attn_sim", floats(attnSim, 1, 1, 1, 4096));
            feed.put("target_embedding", floats(target, 1, 1, 256));
            try (OrtSession.Result r = s.run(feed, Set.of("iou_predictions", "low_res_masks"))) {
                return new float[][]{values(r, "iou_predictions"), values(r, "low_res_masks")};
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] values(OrtSession.Result r, String name) {
        FloatBuffer fb = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return v;
    }

    private static OnnxTensor floats(float[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
    }
}
