package dev.findling.models.reference;

import dev.findling.models.onnx.OnnxModelWriter;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.geometry.ResizeGeometry;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the reference graphs through ONNX Runtime directly, the way segment-anything's predictor
 * and ONNX example do (resize longest side, normalise, pad; prompts to the 1024 frame; a padding
 * point when there is no box). Test-only: the product path is ModelPack's dialect wrappers.
 */
final class ReferenceSessions implements AutoCloseable {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    final OrtSession encoder;
    final OrtSession decoder;
    final OrtSession persamDecoder;

    ReferenceSessions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        encoder = ENV.createSession(OnnxModelWriter.toBytes(ReferenceImageEncoder.build()), options);
        decoder = ENV.createSession(OnnxModelWriter.toBytes(ReferenceMaskDecoder.buildSamOnnx()), options);
        persamDecoder = ENV.createSession(OnnxModelWriter.toBytes(ReferenceMaskDecoder.buildPersam()), options);
    }

    /** Encoded image: C×64×64 features and its geometry. */
    record Encoded(float[] features, ResizeGeometry geometry) {
        float[] cell(int gx, int gy) {
            float[] v = new float[256];
            for (int c = 0; c < 256; c++) {
                v[c] = features[(c * 64 + gy) * 64 + gx];
            }
            return v;
        }
    }

    /** Full decoder output, including the in-graph full-size masks. */
    record Decoded(DecoderResult result, float[][] masksAtOriginalSize) {
    }

    Encoded encode(RgbImage image) throws OrtException {
        ResizeGeometry geo = ResizeGeometry.of(image.height(), image.width(), 1024);
        float[] input = samInput(image, geo);
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), new long[]{1, 3, 1024, 1024});
             OrtSession.Result r = encoder.run(Map.of("image", t))) {
            float[][][][] out = (float[][][][]) r.get(0).getValue();
            float[] flat = new float[256 * 64 * 64];
            int i = 0;
            for (float[][] ch : out[0]) {
                for (float[] row : ch) {
                    System.arraycopy(row, 0, flat, i, 64);
                    i += 64;
                }
            }
            return new Encoded(flat, geo);
        }
    }

    Decoded decode(Encoded e, List<PointPrompt> points, BoxPrompt box, float[] maskInput, PerSamGuidance guidance)
            throws OrtException {
        return decodeWith(guidance == null ? decoder : persamDecoder, e, points, box, maskInput, guidance);
    }

    Decoded decodeWith(OrtSession session, Encoded e, List<PointPrompt> points, BoxPrompt box, float[] maskInput,
                       PerSamGuidance guidance) throws OrtException {
        ResizeGeometry geo = e.geometry();
        List<float[]> coords = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (PointPrompt p : points) {
            coords.add(new float[]{geo.xToInputFrame(p.x()), geo.yToInputFrame(p.y())});
            labels.add(p.positive() ? 1f : 0f);
        }
        if (box != null) {
            coords.add(new float[]{geo.xToInputFrame(box.x0()), geo.yToInputFrame(box.y0())});
            labels.add(2f);
            coords.add(new float[]{geo.xToInputFrame(box.x1()), geo.yToInputFrame(box.y1())});
            labels.add(3f);
        } else {
            coords.add(new float[]{0, 0});
            labels.add(-1f);
        }
        int n = coords.size();
        float[] c = new float[2 * n];
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            c[2 * i] = coords.get(i)[0];
            c[2 * i + 1] = coords.get(i)[1];
            l[i] = labels.get(i);
        }
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("image_embeddings", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(e.features()), new long[]{1, 256, 64, 64}));
            in.put("point_coords", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(c), new long[]{1, n, 2}));
            in.put("point_labels", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(l), new long[]{1, n}));
            in.put("mask_input", OnnxTensor.createTensor(ENV,
                    FloatBuffer.wrap(maskInput == null ? new float[256 * 256] : maskInput), new long[]{1, 1, 256, 256}));
            in.put("has_mask_input", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(new float[]{maskInput == null ? 0 : 1}), new long[]{1}));
            in.put("orig_im_size", OnnxTensor.createTensor(ENV,
                    FloatBuffer.wrap(new float[]{geo.originalHeight(), geo.originalWidth()}), new long[]{2}));
            if (guidance != null) {
                in.put("attn_sim", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(guidance.attnSim4096()), new long[]{1, 1, 1, 4096}));
                in.put("target_embedding", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(guidance.targetEmbedding()), new long[]{1, 1, 256}));
            }
            try (OrtSession.Result r = session.run(in)) {
                float[][][][] masks = (float[][][][]) r.get("masks").orElseThrow().getValue();
                float[][] iou = (float[][]) r.get("iou_predictions").orElseThrow().getValue();
                float[][][][] low = (float[][][][]) r.get("low_res_masks").orElseThrow().getValue();
                float[][] lowFlat = new float[4][];
                float[][] full = new float[4][];
                for (int k = 0; k < 4; k++) {
                    lowFlat[k] = flatten(low[0][k]);
                    full[k] = flatten(masks[0][k]);
                }
                return new Decoded(new DecoderResult(lowFlat, iou[0], geo, guidance != null, maskInput != null), full);
            }
        } finally {
            for (OnnxTensor t : in.values()) {
                t.close();
            }
        }
    }

    private static float[] flatten(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int y = 0; y < m.length; y++) {
            System.arraycopy(m[y], 0, out, y * m[0].length, m[0].length);
        }
        return out;
    }

    /** SAM preprocessing: bilinear resize to the resized size, (x − mean)/std, zero pad to 1024². */
    static float[] samInput(RgbImage image, ResizeGeometry g) {
        int s = g.inputSize();
        float[] out = new float[3 * s * s];
        int w = image.width();
        int h = image.height();
        for (int y = 0; y < g.resizedHeight(); y++) {
            double sy = Math.max(0, (y + 0.5) * h / g.resizedHeight() - 0.5);
            int y0 = Math.min((int) sy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < g.resizedWidth(); x++) {
                double sx = Math.max(0, (x + 0.5) * w / g.resizedWidth() - 0.5);
                int x0 = Math.min((int) sx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * image.channel(x0, y0, c) + fx * image.channel(x1, y0, c))
                            + fy * ((1 - fx) * image.channel(x0, y1, c) + fx * image.channel(x1, y1, c));
                    out[(c * s + y) * s + x] = (float) ((v - Preprocessing.SAM_PIXEL_MEAN[c]) / Preprocessing.SAM_PIXEL_STD[c]);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        encoder.close();
        decoder.close();
        persamDecoder.close();
    }
}
