package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.util.List;

/**
 * One node attribute ({@code AttributeProto}). Create with the static factories, e.g.
 * {@code Attribute.ints("kernel_shape", 3, 3)}.
 */
public record Attribute(String name, Kind kind, Object value) {
    /** The attribute types the graphs use. */
    public enum Kind {
        FLOAT, INT, STRING, TENSOR, FLOATS, INTS
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

    /** This attribute as an ONNX {@code AttributeProto}. */
    public OnnxMl.AttributeProto toProto() {
        OnnxMl.AttributeProto.Builder p = OnnxMl.AttributeProto.newBuilder().setName(name);
        switch (kind) {
            case FLOAT -> p.setF((Float) value).setType(OnnxMl.AttributeProto.AttributeType.FLOAT);
            case INT -> p.setI((Long) value).setType(OnnxMl.AttributeProto.AttributeType.INT);
            case STRING -> p.setS(ByteString.copyFromUtf8((String) value)).setType(OnnxMl.AttributeProto.AttributeType.STRING);
            case TENSOR -> p.setT(((InitTensor) value).toProto()).setType(OnnxMl.AttributeProto.AttributeType.TENSOR);
            case FLOATS -> {
                for (float f : (float[]) value) {
                    p.addFloats(f);
                }
                p.setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
            }
            case INTS -> {
                for (long i : (long[]) value) {
                    p.addInts(i);
                }
                p.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            }
        }
        return p.build();
    }

    static List<Attribute> list(Attribute... attributes) {
        return List.of(attributes);
    }
}
