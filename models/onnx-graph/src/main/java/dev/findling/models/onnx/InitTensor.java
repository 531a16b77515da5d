package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A constant tensor ({@code TensorProto}) stored as little-endian {@code raw_data}: graph
 * initializers and the value of {@code Constant} nodes.
 *
 * @param name    tensor name (empty for an attribute value)
 * @param type    element type
 * @param dims    shape; an empty array is a scalar
 * @param rawData little-endian element bytes, length = product(dims) × element size
 */
public record InitTensor(String name, ElementType type, long[] dims, byte[] rawData) {
    public InitTensor {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count * type.bytesPerElement() != rawData.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + java.util.Arrays.toString(dims)
                    + " needs " + count * type.bytesPerElement() + " bytes but has " + rawData.length);
        }
        dims = dims.clone();
    }

    public static InitTensor floats(String name, long[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new InitTensor(name, ElementType.FLOAT, dims, b.array());
    }

    public static InitTensor int64s(String name, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return new InitTensor(name, ElementType.INT64, dims, b.array());
    }

    public static InitTensor int32s(String name, long[] dims, int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return new InitTensor(name, ElementType.INT32, dims, b.array());
    }

    /** This tensor as an ONNX {@code TensorProto} with little-endian {@code raw_data}. */
    public OnnxMl.TensorProto toProto() {
        OnnxMl.TensorProto.Builder p = OnnxMl.TensorProto.newBuilder().setDataType(type.onnxCode());
        for (long d : dims) {
            p.addDims(d);
        }
        if (!name.isEmpty()) {
            p.setName(name);
        }
        return p.setRawData(ByteString.copyFrom(rawData)).build();
    }
}
