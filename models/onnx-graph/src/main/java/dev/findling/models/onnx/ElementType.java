package dev.findling.models.onnx;

/** ONNX {@code TensorProto.DataType} codes of the element types the reference graphs use. */
public enum ElementType {
    FLOAT(1, 4),
    INT32(6, 4),
    INT64(7, 8),
    BOOL(9, 1),
    DOUBLE(11, 8);

    private final int onnxCode;
    private final int bytes;

    ElementType(int onnxCode, int bytes) {
        this.onnxCode = onnxCode;
        this.bytes = bytes;
    }

    /** The value of {@code TensorProto.DataType} in onnx.proto. */
    public int onnxCode() {
        return onnxCode;
    }

    public int bytesPerElement() {
        return bytes;
    }
}
