package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns an {@link OnnxGraph} into an ONNX {@code ModelProto} (IR version 8, default-domain opset 17, producer
 * "findling"). Deterministic: the same graph always gives the same bytes, so a generated pack's SHA-256 pins are
 * stable across machines.
 */
public final class OnnxModelWriter {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    public static final String PRODUCER = "findling";

    private OnnxModelWriter() {
    }

    public static byte[] toBytes(OnnxGraph graph) {
        return toBytes(graph, "");
    }

    /** @param producerVersion recorded in the model (e.g. the reference pack id) */
    public static byte[] toBytes(OnnxGraph graph, String producerVersion) {
        return toModel(graph, producerVersion).toByteArray();
    }

    public static OnnxMl.ModelProto toModel(OnnxGraph graph, String producerVersion) {
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setGraph(toGraph(graph))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(OPSET));
        if (!producerVersion.isEmpty()) {
            model.setProducerVersion(producerVersion);
        }
        return model.build();
    }

    public static void write(OnnxGraph graph, String producerVersion, Path file) throws IOException {
        OnnxModelFiles.write(toModel(graph, producerVersion), file);
    }

    private static OnnxMl.GraphProto toGraph(OnnxGraph graph) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(graph.name());
        for (OnnxGraph.Node n : graph.nodes()) {
            OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
                    .addAllInput(n.inputs())
                    .addAllOutput(n.outputs())
                    .setName(n.outputs().get(0))
                    .setOpType(n.opType());
            for (Attribute a : n.attributes()) {
                node.addAttribute(a.toProto());
            }
            g.addNode(node);
        }
        for (InitTensor t : graph.initializers()) {
            g.addInitializer(t.toProto());
        }
        if (!graph.docString().isEmpty()) {
            g.setDocString(graph.docString());
        }
        for (OnnxGraph.ValueInfo v : graph.inputs()) {
            g.addInput(valueInfo(v));
        }
        for (OnnxGraph.ValueInfo v : graph.outputs()) {
            g.addOutput(valueInfo(v));
        }
        return g.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(OnnxGraph.ValueInfo v) {
        return ValueInfos.tensor(v.name(), v.type(), v.dims());
    }
}
