package dev.findling.models.reference.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.OnnxModelWriter;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/** Serialises a reference graph and runs it through ONNX Runtime, as the pack loader will. */
final class OrtGraphs {
    private OrtGraphs() {
    }

    static OrtSession open(OnnxGraph graph) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        return OrtEnvironment.getEnvironment().createSession(OnnxModelWriter.toBytes(graph), options);
    }

    /** Runs a one-input, one-output float graph; returns the flat output. */
    static float[] runFloat(OrtSession session, String input, float[] values, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
             OrtSession.Result r = session.run(Map.of(input, t))) {
            return flat((OnnxTensor) r.get(0));
        }
    }

    static float[] runIds(OrtSession session, long[] ids, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", t))) {
            return flat((OnnxTensor) r.get(0));
        }
    }

    private static float[] flat(OnnxTensor t) {
        FloatBuffer b = t.getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
