package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxGraphEditorTest {
    private static OnnxMl.ModelProto twoOutputs() {
        OnnxGraph g = new OnnxGraph("two-outputs");
        OnnxGraph.Value x = g.input("x", ElementType.FLOAT, 1, 4);
        OnnxGraph.Value r = g.relu(x);
        g.output("kept", r, ElementType.FLOAT, 1, 4);
        OnnxGraph.Value big = g.mul(g.tanh(r), g.weights("only_for_dropped", new long[]{4}, new float[]{1, 2, 3, 4}));
        g.output("dropped", big, ElementType.FLOAT, 1, 4);
        return OnnxModelWriter.toModel(g, "test");
    }

    @Test
    void removingAnOutputDropsTheNodesAndWeightsOnlyItNeeded() throws Exception {
        OnnxGraphEditor e = new OnnxGraphEditor(twoOutputs());
        int before = e.nodes().size();
        int removed = e.removeOutput("dropped");
        OnnxMl.ModelProto pruned = e.build();
        assertEquals(before - removed, pruned.getGraph().getNodeCount());
        assertTrue(removed >= 3, "Tanh, Mul and the Identity naming the output go: " + removed);
        assertEquals(List.of("kept"), pruned.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertTrue(pruned.getGraph().getInitializerList().stream().noneMatch(t -> t.getName().equals("only_for_dropped")));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(pruned.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{-1, 2, -3, 4}), new long[]{1, 4});
             OrtSession.Result r = s.run(Map.of("x", x))) {
            float[] out = new float[4];
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
            assertArrayEquals(new float[]{0, 2, 0, 4}, out);
        }
        assertThrows(IllegalArgumentException.class, () -> new OnnxGraphEditor(twoOutputs()).removeOutput("nope"));
    }

    @Test
    void insertedNodesKeepTheGraphTopologicallySorted() {
        OnnxGraphEditor e = new OnnxGraphEditor(twoOutputs());
        OnnxMl.NodeProto.Builder relu = e.nodesOfType("Relu").get(0);
        OnnxMl.NodeProto.Builder neg = e.insert("Neg", "negated", List.of(relu.getOutput(0)), List.of());
        assertEquals(e.indexOf(relu) + 1, e.indexOf(neg));
        for (OnnxMl.NodeProto.Builder c : e.consumers(relu.getOutput(0))) {
            if (c != neg) {
                e.rewire(c, relu.getOutput(0), neg.getOutput(0));
            }
        }
        assertEquals(List.of(neg), e.consumers(relu.getOutput(0)));
        assertTrue(e.ancestors(neg.getOutput(0)).contains("x"));
        assertEquals("negated", neg.getName());
        assertEquals("negated_1", e.freshName("negated"));
    }

    @Test
    void appendedNodesThatEarlierNodesNowReadAreSortedBeforeThemAndStillRun() throws Exception {
        OnnxGraphEditor e = new OnnxGraphEditor(twoOutputs());
        String relu = e.nodesOfType("Relu").get(0).getOutput(0);
        // Appended last, then read by the Tanh and the output Identity that come before it in the list.
        e.replaceUses(relu, "scaled");
        e.append("Mul", List.of(relu, e.floatScalar(2f)), "scaled", List.of());
        e.removeOutput("dropped");
        OnnxMl.ModelProto edited = e.build();
        List<String> order = edited.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
        assertTrue(order.indexOf("Mul") < order.lastIndexOf("Identity"), "Mul before its reader: " + order);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(edited.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{-1, 2, -3, 4}), new long[]{1, 4});
             OrtSession.Result r = s.run(Map.of("x", x))) {
            float[] out = new float[4];
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
            assertArrayEquals(new float[]{0, 4, 0, 8}, out);
        }
        assertEquals(Optional.of(2.0), e.constantValues(e.nodesOfType("Mul").get(0).getInput(1)).map(v -> v[0]));
    }
}
