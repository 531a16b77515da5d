package dev.findling.models.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A fluent builder for one ONNX graph, so that the reference graphs read like the math they compute:
 * {@code g.div(x, g.max(g.reduceL2(x, 0), g.scalar(1e-6f)))}. Every intermediate gets a
 * deterministic name from a counter, so the same building code always yields the same model bytes.
 * Serialise with {@link OnnxModelWriter}.
 */
public final class OnnxGraph {
    /** A tensor flowing through the graph, known by its name. */
    public record Value(String name) {
    }

    record Node(String opType, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
    }

    /** A graph input or output: name, element type and dims (Long for fixed, String for a dim_param). */
    record ValueInfo(String name, ElementType type, List<Object> dims) {
    }

    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final List<InitTensor> initializers = new ArrayList<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private String docString = "";
    private int counter;

    public OnnxGraph(String name) {
        this.name = name;
    }

    public OnnxGraph doc(String text) {
        this.docString = text;
        return this;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each an Integer/Long (fixed size) or a String (symbolic dim_param such as "N")
     */
    public Value input(String inputName, ElementType type, Object... dims) {
        inputs.add(new ValueInfo(inputName, type, normaliseDims(dims)));
        return new Value(inputName);
    }

    /** Declares {@code value} as the graph output {@code outputName} (adding an Identity when the names differ). */
    public OnnxGraph output(String outputName, Value value, ElementType type, Object... dims) {
        if (!value.name().equals(outputName)) {
            nodes.add(new Node("Identity", List.of(value.name()), List.of(outputName), List.of()));
        }
        outputs.add(new ValueInfo(outputName, type, normaliseDims(dims)));
        return this;
    }

    // ---------------------------------------------------------------- generic nodes

    /** A node with one output. An input may be null for an omitted optional input. */
    public Value op(String opType, List<Value> ins, Attribute... attributes) {
        return opMulti(opType, ins, 1, attributes)[0];
    }

    public Value[] opMulti(String opType, List<Value> ins, int outputCount, Attribute... attributes) {
        List<String> in = new ArrayList<>(ins.size());
        for (Value v : ins) {
            in.add(v == null ? "" : v.name());
        }
        Value[] out = new Value[outputCount];
        List<String> outNames = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            out[i] = new Value(fresh(opType));
            outNames.add(out[i].name());
        }
        nodes.add(new Node(opType, List.copyOf(in), List.copyOf(outNames), List.of(attributes)));
        return out;
    }

    // ---------------------------------------------------------------- constants

    /** A float initializer of the given shape. */
    public Value tensor(long[] dims, float[] values) {
        InitTensor t = InitTensor.floats(fresh("const"), dims, values);
        initializers.add(t);
        return new Value(t.name());
    }

    /** A named float initializer (weights that deserve a readable name in the file). */
    public Value weights(String weightName, long[] dims, float[] values) {
        InitTensor t = InitTensor.floats(weightName, dims, values);
        initializers.add(t);
        return new Value(t.name());
    }

    /** A rank-0 float constant. */
    public Value scalar(float value) {
        return tensor(new long[0], new float[]{value});
    }

    /** A rank-1 float constant. */
    public Value floats(float... values) {
        return tensor(new long[]{values.length}, values);
    }

    /** A rank-1 int64 constant (shapes, axes, indices). */
    public Value int64s(long... values) {
        InitTensor t = InitTensor.int64s(fresh("const"), new long[]{values.length}, values);
        initializers.add(t);
        return new Value(t.name());
    }

    /** A rank-0 int64 constant. */
    public Value int64Scalar(long value) {
        InitTensor t = InitTensor.int64s(fresh("const"), new long[0], value);
        initializers.add(t);
        return new Value(t.name());
    }

    /** A rank-0 double constant. */
    public Value doubleScalar(double value) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(value);
        InitTensor t = new InitTensor(fresh("const"), ElementType.DOUBLE, new long[0], b.array());
        initializers.add(t);
        return new Value(t.name());
    }

    // ---------------------------------------------------------------- element-wise math

    public Value add(Value a, Value b) {
        return op("Add", List.of(a, b));
    }

    public Value sub(Value a, Value b) {
        return op("Sub", List.of(a, b));
    }

    public Value mul(Value a, Value b) {
        return op("Mul", List.of(a, b));
    }

    public Value div(Value a, Value b) {
        return op("Div", List.of(a, b));
    }

    public Value max(Value a, Value b) {
        return op("Max", List.of(a, b));
    }

    public Value min(Value a, Value b) {
        return op("Min", List.of(a, b));
    }

    public Value abs(Value a) {
        return op("Abs", List.of(a));
    }

    public Value neg(Value a) {
        return op("Neg", List.of(a));
    }

    public Value sqrt(Value a) {
        return op("Sqrt", List.of(a));
    }

    public Value tanh(Value a) {
        return op("Tanh", List.of(a));
    }

    public Value relu(Value a) {
        return op("Relu", List.of(a));
    }

    public Value floor(Value a) {
        return op("Floor", List.of(a));
    }

    public Value matMul(Value a, Value b) {
        return op("MatMul", List.of(a, b));
    }

    public Value clip(Value a, Value lo, Value hi) {
        return op("Clip", List.of(a, lo, hi));
    }

    public Value equal(Value a, Value b) {
        return op("Equal", List.of(a, b));
    }

    public Value greater(Value a, Value b) {
        return op("Greater", List.of(a, b));
    }

    public Value less(Value a, Value b) {
        return op("Less", List.of(a, b));
    }

    public Value where(Value condition, Value ifTrue, Value ifFalse) {
        return op("Where", List.of(condition, ifTrue, ifFalse));
    }

    public Value cast(Value a, ElementType to) {
        return op("Cast", List.of(a), Attribute.of("to", to.onnxCode()));
    }

    // ---------------------------------------------------------------- shapes

    public Value reshape(Value a, long... shape) {
        return op("Reshape", List.of(a, int64s(shape)));
    }

    public Value transpose(Value a, long... perm) {
        return op("Transpose", List.of(a), Attribute.ints("perm", perm));
    }

    public Value concat(long axis, Value... parts) {
        return op("Concat", Arrays.asList(parts), Attribute.of("axis", axis));
    }

    public Value gather(Value data, Value indices, long axis) {
        return op("Gather", List.of(data, indices), Attribute.of("axis", axis));
    }

    public Value slice(Value data, Value starts, Value ends, Value axes) {
        return op("Slice", List.of(data, starts, ends, axes));
    }

    public Value unsqueeze(Value a, long... axes) {
        return op("Unsqueeze", List.of(a, int64s(axes)));
    }

    // ---------------------------------------------------------------- reductions (opset 17 forms)

    public Value reduceMax(Value a, boolean keepDims, long... axes) {
        return op("ReduceMax", List.of(a), Attribute.ints("axes", axes), Attribute.of("keepdims", keepDims ? 1L : 0L));
    }

    public Value reduceMean(Value a, boolean keepDims, long... axes) {
        return op("ReduceMean", List.of(a), Attribute.ints("axes", axes), Attribute.of("keepdims", keepDims ? 1L : 0L));
    }

    public Value reduceL2(Value a, boolean keepDims, long... axes) {
        return op("ReduceL2", List.of(a), Attribute.ints("axes", axes), Attribute.of("keepdims", keepDims ? 1L : 0L));
    }

    /** ReduceSum takes its axes as an input since opset 13. */
    public Value reduceSum(Value a, boolean keepDims, long... axes) {
        return op("ReduceSum", List.of(a, int64s(axes)), Attribute.of("keepdims", keepDims ? 1L : 0L));
    }

    // ---------------------------------------------------------------- convolution and pooling (NCHW)

    public Value conv(Value x, Value w, Value bias, long kernel, long stride, long pad, long dilation) {
        List<Value> ins = bias == null ? List.of(x, w) : List.of(x, w, bias);
        return op("Conv", ins,
                Attribute.ints("kernel_shape", kernel, kernel),
                Attribute.ints("strides", stride, stride),
                Attribute.ints("pads", pad, pad, pad, pad),
                Attribute.ints("dilations", dilation, dilation));
    }

    /** Average pooling; padded positions are excluded from the average (count_include_pad = 0). */
    public Value averagePool(Value x, long kernel, long stride, long pad) {
        return op("AveragePool", List.of(x),
                Attribute.ints("kernel_shape", kernel, kernel),
                Attribute.ints("strides", stride, stride),
                Attribute.ints("pads", pad, pad, pad, pad),
                Attribute.of("count_include_pad", 0L));
    }

    public Value maxPool(Value x, long kernel, long stride, long pad) {
        return op("MaxPool", List.of(x),
                Attribute.ints("kernel_shape", kernel, kernel),
                Attribute.ints("strides", stride, stride),
                Attribute.ints("pads", pad, pad, pad, pad));
    }

    /**
     * Bilinear resize to {@code sizes} (int64 [4]) with PyTorch's {@code align_corners=False} sampling
     * (half-pixel centres), no antialiasing: what {@code F.interpolate(..., mode="bilinear")} exports to.
     */
    public Value resizeBilinear(Value x, Value sizes) {
        return op("Resize", java.util.Arrays.asList(x, null, null, sizes),
                Attribute.of("mode", "linear"),
                Attribute.of("coordinate_transformation_mode", "half_pixel"));
    }

    // ---------------------------------------------------------------- accessors for the writer

    String name() {
        return name;
    }

    String docString() {
        return docString;
    }

    List<Node> nodes() {
        return nodes;
    }

    List<InitTensor> initializers() {
        return initializers;
    }

    List<ValueInfo> inputs() {
        return inputs;
    }

    List<ValueInfo> outputs() {
        return outputs;
    }

    private String fresh(String prefix) {
        return prefix.toLowerCase(Locale.ROOT) + "_" + (counter++);
    }

    private static List<Object> normaliseDims(Object... dims) {
        List<Object> out = new ArrayList<>(dims.length);
        for (Object d : dims) {
            if (d instanceof Number n) {
                out.add(n.longValue());
            } else if (d instanceof String s) {
                out.add(s);
            } else {
                throw new IllegalArgumentException("a dimension is a number or a symbolic name, not " + d);
            }
        }
        return List.copyOf(out);
    }
}
