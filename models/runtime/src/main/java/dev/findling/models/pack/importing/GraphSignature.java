package dev.findling.models.pack.importing;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.findling.models.pack.TensorContractCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The declared inputs and outputs of one ONNX file, as ONNX Runtime reports them, plus the open session for a
 * recogniser that must run the graph once to learn what its declared shapes leave open (e.g. how many masks a
 * decoder returns when the exporter declared that dimension symbolic). The session is owned by the importer.
 *
 * @param file    the file name inside the folder being imported
 * @param inputs  the graph's inputs in declaration order
 * @param outputs the graph's outputs in declaration order
 * @param session the open session (CPU)
 */
public record GraphSignature(String file, List<Tensor> inputs, List<Tensor> outputs, OrtSession session) {

    /** One declared tensor; −1 marks a dynamic or symbolic dimension. Non-tensor values have a null type. */
    public record Tensor(String name, OnnxJavaType type, long[] shape) {
        public int rank() {
            return shape.length;
        }

        /** Declared size of {@code axis}, empty when dynamic. */
        public Optional<Long> dim(int axis) {
            return axis < shape.length && shape[axis] > 0 ? Optional.of(shape[axis]) : Optional.empty();
        }

        /** True when {@code axis} is declared {@code size} or left dynamic. */
        public boolean dimAllows(int axis, long size) {
            return axis < shape.length && (shape[axis] <= 0 || shape[axis] == size);
        }

        public boolean isFloat() {
            return type == OnnxJavaType.FLOAT;
        }

        /** E.g. {@code input_ids int64 [?,?]}. */
        @Override
        public String toString() {
            return name + " " + (type == null ? "(not a tensor)" : TensorContractCheck.typeName(type) + " "
                    + TensorContractCheck.shapeText(shape));
        }
    }

    public static GraphSignature of(String file, OrtSession session) throws OrtException {
        return new GraphSignature(file, tensors(session.getInputInfo()), tensors(session.getOutputInfo()), session);
    }

    private static List<Tensor> tensors(Map<String, NodeInfo> nodes) {
        List<Tensor> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (n.getInfo() instanceof TensorInfo t) {
                out.add(new Tensor(n.getName(), t.type, t.getShape()));
            } else {
                out.add(new Tensor(n.getName(), null, new long[0]));
            }
        }
        return List.copyOf(out);
    }

    public Optional<Tensor> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Tensor> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** True when the graph has exactly these inputs, in any order. */
    public boolean hasExactlyInputs(List<String> names) {
        return inputs.size() == names.size() && names.stream().allMatch(n -> input(n).isPresent());
    }

    public boolean hasOutputs(List<String> names) {
        return names.stream().allMatch(n -> output(n).isPresent());
    }

    /** What an error message shows: every input and output with its type and declared shape. */
    public String describe() {
        return "inputs " + inputs.stream().map(Tensor::toString).collect(Collectors.joining(", ", "[", "]"))
                + ", outputs " + outputs.stream().map(Tensor::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
