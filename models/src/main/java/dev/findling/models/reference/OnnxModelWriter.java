package dev.findling.models.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serialises an {@link OnnxGraph} as an ONNX {@code ModelProto} (IR version 8, default-domain
 * opset 17, producer "findling"). The encoding is written by hand from the field numbers of
 * onnx.proto so that the project needs no protobuf or Python tooling to build its reference pack;
 * it is deterministic: the same graph always gives the same bytes.
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
        // ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8.
        ProtoWriter model = new ProtoWriter()
                .int64(1, IR_VERSION)
                .string(2, PRODUCER);
        if (!producerVersion.isEmpty()) {
            model.string(3, producerVersion);
        }
        model.message(7, encodeGraph(graph));
        // OperatorSetIdProto: domain 1 (empty = default ONNX domain, omitted), version 2.
        model.message(8, new ProtoWriter().int64(2, OPSET));
        return model.toByteArray();
    }

    public static void write(OnnxGraph graph, String producerVersion, Path file) throws IOException {
        Files.write(file, toBytes(graph, producerVersion));
    }

    /** GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12. */
    private static ProtoWriter encodeGraph(OnnxGraph graph) {
        ProtoWriter g = new ProtoWriter();
        for (OnnxGraph.Node n : graph.nodes()) {
            g.message(1, encodeNode(n));
        }
        g.string(2, graph.name());
        for (InitTensor t : graph.initializers()) {
            g.message(5, t.encode());
        }
        if (!graph.docString().isEmpty()) {
            g.string(10, graph.docString());
        }
        for (OnnxGraph.ValueInfo v : graph.inputs()) {
            g.message(11, encodeValueInfo(v));
        }
        for (OnnxGraph.ValueInfo v : graph.outputs()) {
            g.message(12, encodeValueInfo(v));
        }
        return g;
    }

    /** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
    private static ProtoWriter encodeNode(OnnxGraph.Node n) {
        ProtoWriter p = new ProtoWriter();
        for (String in : n.inputs()) {
            p.string(1, in);
        }
        for (String out : n.outputs()) {
            p.string(2, out);
        }
        p.string(3, n.outputs().get(0));
        p.string(4, n.opType());
        for (Attribute a : n.attributes()) {
            p.message(5, a.encode());
        }
        return p;
    }

    /**
     * ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. TypeProto.Tensor: elem_type 1, shape 2.
     * TensorShapeProto: dim 1. Dimension: dim_value 1, dim_param 2.
     */
    private static ProtoWriter encodeValueInfo(OnnxGraph.ValueInfo v) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : v.dims()) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof Long size) {
                dim.int64(1, size);
            } else {
                dim.string(2, (String) d);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, v.type().onnxCode()).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, v.name()).message(2, type);
    }
}
