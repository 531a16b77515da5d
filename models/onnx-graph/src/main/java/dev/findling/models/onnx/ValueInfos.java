package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.List;

/** Reading and making the {@code ValueInfoProto}s that declare a graph's inputs and outputs. */
public final class ValueInfos {
    private ValueInfos() {
    }

    /**
     * A tensor declaration.
     *
     * @param dims each a {@link Long} (fixed size) or a {@link String} (symbolic {@code dim_param} such as "N")
     */
    public static OnnxMl.ValueInfoProto tensor(String name, ElementType type, List<Object> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number size) {
                dim.setDimValue(size.longValue());
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto.Tensor.Builder tensorType = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(type.onnxCode())
                .setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensorType))
                .build();
    }

    /** The declared dims of a tensor value: a Long per fixed dim, a String per symbolic or unknown one ("?"). */
    public static List<Object> dims(OnnxMl.ValueInfoProto value) {
        List<Object> dims = new ArrayList<>();
        for (OnnxMl.TensorShapeProto.Dimension d : value.getType().getTensorType().getShape().getDimList()) {
            if (d.hasDimValue()) {
                dims.add(d.getDimValue());
            } else {
                dims.add(d.hasDimParam() ? d.getDimParam() : "?");
            }
        }
        return dims;
    }

    /** The element type code ({@code TensorProto.DataType}) of a tensor value. */
    public static int elementType(OnnxMl.ValueInfoProto value) {
        return value.getType().getTensorType().getElemType();
    }
}
