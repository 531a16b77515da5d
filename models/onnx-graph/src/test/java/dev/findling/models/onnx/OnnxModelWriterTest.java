package dev.findling.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OnnxModelWriterTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** y = (x + b) · W with a symbolic batch dimension, plus a ReduceSum and a Cast to int64. */
    private static OnnxGraph tinyGraph() {
        OnnxGraph g = new OnnxGraph("tiny");
        OnnxGraph.Value x = g.input("x", ElementType.FLOAT, "N", 2);
        OnnxGraph.Value shifted = g.add(x, g.floats(1f, -1f));
        OnnxGraph.Value w = g.weights("w", new long[]{2, 3}, new float[]{1, 2, 3, 4, 5, 6});
        OnnxGraph.Value y = g.matMul(shifted, w);
        g.output("y", y, ElementType.FLOAT, "N", 3);
        g.output("total", g.cast(g.reduceSum(y, false, 0, 1), ElementType.INT64), ElementType.INT64);
        return g;
    }

    @Test
    void addAndMatMulRunThroughOnnxRuntime() throws Exception {
        byte[] model = OnnxModelWriter.toBytes(tinyGraph(), "test");
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(new float[]{1, 2, 0, 0}), new long[]{2, 2});
             OrtSession.Result r = session.run(Map.of("x", x))) {
            float[][] y = (float[][]) r.get("y").orElseThrow().getValue();
            // row 0: (2, 1)·W = (2+4, 4+5, 6+6); row 1: (1, -1)·W = (1-4, 2-5, 3-6)
            assertArrayEquals(new float[]{6, 9, 12}, y[0], 1e-6f);
            assertArrayEquals(new float[]{-3, -3, -3}, y[1], 1e-6f);
            assertEquals(18L, (long) r.get("total").orElseThrow().getValue());
            assertEquals(-1L, ((ai.onnxruntime.TensorInfo) session.getInputInfo().get("x").getInfo()).getShape()[0]);
        }
    }

    @Test
    void sameGraphGivesSameBytes() {
        assertArrayEquals(OnnxModelWriter.toBytes(tinyGraph(), "v"), OnnxModelWriter.toBytes(tinyGraph(), "v"));
    }
}
