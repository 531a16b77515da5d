package dev.findling.models.pack;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks one session's declared inputs and outputs against its dialect's contract
 * ({@link Dialects}), through the entry's name mapping: every logical tensor must exist, have an
 * allowed element type and the expected rank, and the graph must not need inputs the dialect never
 * feeds. Messages name the file, the tensor, what the dialect expects and what the graph declares.
 */
public final class TensorContractCheck {
    /** Inputs a dialect's implementation feeds when the graph has them (Hugging Face CLIP text exports). */
    private static final Map<String, List<TensorSpec>> OPTIONAL_INPUTS = Map.of(
            Dialects.TEXT_ENCODER + " clip", List.of(TensorSpec.ids("attention_mask", 2)));

    /** The SAM mask decoder returns four masks per run; single-mask exports cannot serve PerSAM's cascade. */
    static final int DECODER_MASKS = 4;

    private TensorContractCheck() {
    }

    /** The inputs the entry's dialect requires, adjusted for the entry's preprocessing. */
    public static List<TensorSpec> requiredInputs(ModelEntry e) {
        Dialects.Contract c = contract(e);
        if (Dialects.IMAGE_ENCODER.equals(e.role()) && e.preprocessing() != null && e.preprocessing().normalizedInGraph()) {
            // Exports that normalise inside the graph take the raw resized image, H×W×3.
            return c.inputs().stream()
                    .map(s -> s.logicalName().equals("image") ? new TensorSpec("image", s.elementTypes(), 3) : s)
                    .toList();
        }
        return c.inputs();
    }

    public static List<TensorSpec> optionalInputs(ModelEntry e) {
        return OPTIONAL_INPUTS.getOrDefault(e.role() + " " + e.dialect(), List.of());
    }

    public static List<TensorSpec> requiredOutputs(ModelEntry e) {
        return contract(e).outputs();
    }

    private static Dialects.Contract contract(ModelEntry e) {
        return Dialects.contract(e.role(), e.dialect()).orElseThrow(() ->
                new IllegalArgumentException("no contract for role " + e.role() + ", dialect " + e.dialect()));
    }

    /**
     * @param inputs  the session's {@code getInputInfo()}
     * @param outputs the session's {@code getOutputInfo()}
     * @return one sentence per problem, empty when the session satisfies the contract
     */
    public static List<String> problems(ModelEntry e, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        List<String> problems = new ArrayList<>();
        Set<String> fed = new HashSet<>();
        for (TensorSpec spec : requiredInputs(e)) {
            String actual = e.inputName(spec.logicalName());
            fed.add(actual);
            check(e, "input", spec, actual, inputs, true, problems);
        }
        for (TensorSpec spec : optionalInputs(e)) {
            String actual = e.inputName(spec.logicalName());
            if (inputs.containsKey(actual)) {
                fed.add(actual);
                check(e, "input", spec, actual, inputs, true, problems);
            }
        }
        for (String name : new TreeSet<>(inputs.keySet())) {
            if (!fed.contains(name)) {
                problems.add(e.file() + ": the graph has input '" + name + "' that dialect " + e.dialect()
                        + " does not feed; if it is one of " + logicalNames(requiredInputs(e))
                        + " under another name, map it in pack.json \"inputs\"");
            }
        }
        for (TensorSpec spec : requiredOutputs(e)) {
            check(e, "output", spec, e.outputName(spec.logicalName()), outputs, false, problems);
        }
        if (Dialects.MASK_DECODER.equals(e.role())) {
            checkMaskCount(e, outputs, problems);
        }
        return problems;
    }

    private static void check(ModelEntry e, String kind, TensorSpec spec, String actual, Map<String, NodeInfo> declared,
                              boolean input, List<String> problems) {
        String shown = actual.equals(spec.logicalName()) ? "'" + actual + "'" : "'" + actual + "' (" + spec.logicalName() + ")";
        NodeInfo node = declared.get(actual);
        if (node == null) {
            String mapping = input ? "inputs" : "outputs";
            problems.add(e.file() + ": dialect " + e.dialect() + " needs " + kind + " " + shown + " but the graph's "
                    + kind + "s are " + new TreeSet<>(declared.keySet()) + "; map the export's name in pack.json \""
                    + mapping + "\"");
            return;
        }
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo t)) {
            problems.add(e.file() + ": " + kind + " " + shown + " is " + info + " but dialect " + e.dialect()
                    + " expects a tensor of rank " + spec.rank() + " (" + typeNames(spec.elementTypes()) + ")");
            return;
        }
        if (!spec.elementTypes().contains(t.type)) {
            problems.add(e.file() + ": " + kind + " " + shown + " has element type " + typeName(t.type)
                    + " but dialect " + e.dialect() + " expects " + typeNames(spec.elementTypes()));
        }
        int rank = t.getShape().length;
        if (rank != spec.rank()) {
            problems.add(e.file() + ": " + kind + " " + shown + " has rank " + rank + " but dialect " + e.dialect()
                    + " expects rank " + spec.rank() + " (" + typeNames(spec.elementTypes()) + "); declared shape "
                    + shapeText(t.getShape()));
        }
    }

    private static void checkMaskCount(ModelEntry e, Map<String, NodeInfo> outputs, List<String> problems) {
        // EdgeSAM names its low-res output "masks"; EfficientSAM's has no name of its own and is checked by its decoder.
        String logical = "edgesam".equals(e.dialect()) ? "masks" : "low_res_masks";
        NodeInfo node = outputs.get(e.outputName(logical));
        if (node != null && node.getInfo() instanceof TensorInfo t && t.getShape().length == 4) {
            long masks = t.getShape()[1];
            boolean single = Dialects.SAM_ONNX_SINGLE.equals(e.dialect());
            if (single && masks > 1) {
                problems.add(e.file() + ": output '" + e.outputName(logical) + "' holds " + masks
                        + " masks per run, so it is not a single-mask export; declare it as dialect " + Dialects.SAM_ONNX);
            } else if (!single && masks > 0 && masks != DECODER_MASKS) {
                problems.add(e.file() + ": output '" + e.outputName(logical) + "' holds " + masks
                        + " masks per run but dialect " + e.dialect() + " needs all " + DECODER_MASKS
                        + " (single-mask token and three multimask tokens); a --return-single-mask export is dialect "
                        + Dialects.SAM_ONNX_SINGLE + " (it loads, without the features that need four candidates)");
            }
        }
    }

    public static String typeName(OnnxJavaType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    static String typeNames(Set<OnnxJavaType> types) {
        // Deterministic order for messages: float first, then int64 before int32.
        return types.stream().sorted((a, b) -> Integer.compare(order(a), order(b)))
                .map(TensorContractCheck::typeName).collect(Collectors.joining(" or "));
    }

    private static int order(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> 0;
            case INT64 -> 1;
            case INT32 -> 2;
            default -> 3 + t.ordinal();
        };
    }

    public static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return b.append(']').toString();
    }

    private static String logicalNames(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::logicalName).toList().toString();
    }
}
