package dev.findling.models.reference;

import java.util.List;

/**
 * One node attribute ({@code AttributeProto}). Create with the static factories, e.g.
 * {@code Attribute.ints("kernel_shape", 3, 3)}.
 */
public record Attribute(String name, Kind kind, Object value) {
    /** {@code AttributeProto.AttributeType} codes from onnx.proto. */
    public enum Kind {
        FLOAT(1), INT(2), STRING(3), TENSOR(4), FLOATS(6), INTS(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    public static Attribute of(String name, long value) {
        return new Attribute(name, Kind.INT, value);
    }

    public static Attribute of(String name, float value) {
        return new Attribute(name, Kind.FLOAT, value);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, Kind.STRING, value);
    }

    public static Attribute of(String name, InitTensor value) {
        return new Attribute(name, Kind.TENSOR, value);
    }

    public static Attribute ints(String name, long... values) {
        return new Attribute(name, Kind.INTS, values.clone());
    }

    public static Attribute floats(String name, float... values) {
        return new Attribute(name, Kind.FLOATS, values.clone());
    }

    /** Attribute field numbers in onnx.proto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20. */
    ProtoWriter encode() {
        ProtoWriter p = new ProtoWriter().string(1, name);
        switch (kind) {
            case FLOAT -> p.float32(2, (Float) value);
            case INT -> p.int64(3, (Long) value);
            case STRING -> p.string(4, (String) value);
            case TENSOR -> p.message(5, ((InitTensor) value).encode());
            case FLOATS -> {
                for (float f : (float[]) value) {
                    p.float32(7, f);
                }
            }
            case INTS -> {
                for (long i : (long[]) value) {
                    p.int64(8, i);
                }
            }
        }
        return p.int64(20, kind.code);
    }

    static List<Attribute> list(Attribute... attributes) {
        return List.of(attributes);
    }
}
