package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives a dense CLIP head ({@code pixel_values} [N, 3, S, S] → {@code dense_features} [N, D, S/p, S/p]) from a
 * stock CLIP vision export with projection (Hugging Face Optimum / transformers.js layout: {@code pixel_values} →
 * {@code image_embeds}), by editing its graph. The parts are found by structure, not by node names, because every
 * exporter names them differently:
 * <ul>
 *   <li>the class-token selection: the {@code Gather} of token 0 on axis 1 that feeds {@code image_embeds};
 *       what follows it is {@code post_layernorm} and {@code visual_projection};</li>
 *   <li>the last encoder layer's attention: the last {@code Softmax} before that selection, its score
 *       {@code MatMul} (q·kᵀ) and its value {@code MatMul} (softmax·v);</li>
 *   <li>the layer's two residual {@code Add}s: the first joins the attention output to the layer input, the second
 *       joins the FFN output to the first's result.</li>
 * </ul>
 * The formula's edit is applied there ({@link DenseClipFormula}); the class-token selection is bypassed so that
 * {@code post_layernorm} and the projection run on every token (both act on the last axis only); then the class
 * token is dropped and the patch tokens are laid out as a grid. See {@code models/docs/dense-clip.md}.
 */
public final class DenseClipDerivation {
    /** Names this derivation gives the tensors it adds. */
    public static final String OUTPUT = "dense_features";
    /** Bumped whenever the derived graph for the same source and formula would change. */
    public static final int VERSION = 1;

    /**
     * A derived head.
     *
     * @param model      the edited model
     * @param dimension  D, the joint space's width
     * @param gridSide   S / p, patches per side of one window
     * @param patchSize  p, pixels per patch
     * @param inputSize  S, the window side the position embeddings fix
     * @param located    one line per part found, for logs and {@code models verify}
     */
    public record Result(OnnxMl.ModelProto model, int dimension, int gridSide, int patchSize, int inputSize,
                         List<String> located) {
    }

    private DenseClipDerivation() {
    }

    /**
     * @param imageInput   the export's name for {@code pixel_values}
     * @param embedsOutput the export's name for {@code image_embeds}
     * @param inputSize    the square input side the export's position embeddings were made for (224 for OpenAI's ViTs)
     * @param metadata     recorded in the derived model (e.g. the source's SHA-256)
     * @throws GraphStructureException naming the part that could not be found
     */
    public static Result derive(OnnxMl.ModelProto stock, DenseClipFormula formula, String imageInput,
                                String embedsOutput, int inputSize, Map<String, String> metadata) {
        OnnxGraphEditor g = new OnnxGraphEditor(stock);
        List<String> located = new ArrayList<>();
        OnnxMl.ValueInfoProto input = g.inputs().stream().filter(i -> i.getName().equals(imageInput)).findFirst()
                .orElseThrow(() -> new GraphStructureException("the export has no input '" + imageInput + "'; inputs: "
                        + g.inputs().stream().map(OnnxMl.ValueInfoProto::getName).toList()));
        if (g.outputs().stream().noneMatch(o -> o.getName().equals(embedsOutput))) {
            throw new GraphStructureException("the export has no output '" + embedsOutput + "' (a CLIP vision model with "
                    + "projection, e.g. Optimum's CLIPVisionModelWithProjection, has image_embeds)");
        }

        int patch = patchSize(g, imageInput);
        if (inputSize % patch != 0) {
            throw new GraphStructureException("input size " + inputSize + " is not a multiple of the patch size " + patch);
        }
        int grid = inputSize / patch;
        located.add("patch embedding: Conv with " + patch + "×" + patch + " kernels on " + imageInput + " → " + grid + "×" + grid + " patches");

        OnnxMl.NodeProto.Builder selection = classTokenSelection(g, embedsOutput);
        String tokens = selection.getInput(0);
        String pooled = selection.getOutput(0);
        located.add("class-token selection: " + describe(selection) + " → post_layernorm → visual_projection → " + embedsOutput);

        Set<String> beforeSelection = g.ancestors(tokens);
        OnnxMl.NodeProto.Builder softmax = lastNode(g, "Softmax", beforeSelection)
                .orElseThrow(() -> new GraphStructureException("no Softmax (attention) precedes the class-token selection"));
        OnnxMl.NodeProto.Builder valueMatMul = followThrough(g, softmax.getOutput(0), "MatMul")
                .orElseThrow(() -> new GraphStructureException("the last attention's Softmax (" + softmax.getName()
                        + ") does not feed a MatMul with the values"));
        OnnxMl.NodeProto.Builder scoreMatMul = scoreMatMul(g, softmax);
        located.add("last attention: scores " + describe(scoreMatMul) + ", " + describe(softmax) + ", values " + describe(valueMatMul));

        Set<String> shapeArithmetic = shapeArithmetic(g);
        Set<String> afterValues = g.descendants(valueMatMul.getOutput(0));
        afterValues.removeAll(shapeArithmetic);
        OnnxMl.NodeProto.Builder attentionResidual = firstAdd(g, g.indexOf(valueMatMul), n -> {
            String a = n.getInput(0);
            String b = n.getInput(1);
            return (afterValues.contains(a) && isLayerInput(g, b, afterValues, shapeArithmetic))
                    || (afterValues.contains(b) && isLayerInput(g, a, afterValues, shapeArithmetic));
        }).orElseThrow(() -> new GraphStructureException("no residual Add joins the last attention's output to its layer input"));
        String attentionOutput = afterValues.contains(attentionResidual.getInput(0))
                ? attentionResidual.getInput(0) : attentionResidual.getInput(1);
        Set<String> residualAliases = aliases(g, attentionResidual.getOutput(0));
        Set<String> afterResidual = g.descendants(attentionResidual.getOutput(0));
        afterResidual.removeAll(shapeArithmetic);
        OnnxMl.NodeProto.Builder ffnResidual = firstAdd(g, g.indexOf(attentionResidual), n -> {
            String a = n.getInput(0);
            String b = n.getInput(1);
            return (residualAliases.contains(a) && afterResidual.contains(b) && !residualAliases.contains(b))
                    || (residualAliases.contains(b) && afterResidual.contains(a) && !residualAliases.contains(a));
        }).orElseThrow(() -> new GraphStructureException("no residual Add joins the last layer's FFN output to its input"));
        String layerOutput = ffnResidual.getOutput(0);
        if (!g.ancestors(tokens).contains(layerOutput)) {
            throw new GraphStructureException("the layer found last (" + describe(ffnResidual) + ") does not feed the class token");
        }
        located.add("last layer residuals: " + describe(attentionResidual) + " (attention), " + describe(ffnResidual) + " (FFN)");

        String values = valueMatMul.getInput(1);
        switch (formula) {
            case MASKCLIP -> g.replaceUses(valueMatMul.getOutput(0), values);
            case MASKCLIP_NO_RESIDUAL -> {
                g.replaceUses(valueMatMul.getOutput(0), values);
                g.replaceUses(layerOutput, attentionOutput);
            }
            case CLEARCLIP -> {
                g.replaceUses(scoreMatMul.getOutput(0), queryQueryScores(g, scoreMatMul));
                g.replaceUses(layerOutput, attentionOutput);
            }
        }

        g.replaceUses(pooled, tokens);
        int dimension = projectionWidth(g, tokens, embedsOutput);
        allowTokenAxis(g, tokens, embedsOutput);
        // [N, 1 + grid², D] → drop the class token → [N, D, grid²] → [N, D, grid, grid]
        String patches = g.append("Slice", List.of(embedsOutput, g.int64s(1), g.int64s(Long.MAX_VALUE), g.int64s(1)), null, List.of());
        String channelsFirst = g.append("Transpose", List.of(patches), null, List.of(Attribute.ints("perm", 0, 2, 1).toProto()));
        g.append("Reshape", List.of(channelsFirst, g.int64s(-1, dimension, grid, grid)), OUTPUT, List.of());

        Object batch = ValueInfos.dims(input).isEmpty() ? "batch_size" : ValueInfos.dims(input).get(0);
        g.redeclareInput(ValueInfos.tensor(imageInput, ElementType.FLOAT, List.of(batch, 3L, (long) inputSize, (long) inputSize)));
        g.setOutputs(List.of(ValueInfos.tensor(OUTPUT, ElementType.FLOAT, List.of(batch, (long) dimension, (long) grid, (long) grid))));
        g.clearValueInfo();
        g.prune();

        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("findling.dense_clip.formula", formula.id());
        meta.put("findling.dense_clip.version", Integer.toString(VERSION));
        String doc = "Dense CLIP head derived by Findling (" + formula.id() + ": " + formula.description() + "). "
                + "pixel_values [N,3," + inputSize + "," + inputSize + "] → dense_features [N," + dimension + "," + grid + "," + grid + "].";
        return new Result(g.build(doc, meta), dimension, grid, patch, inputSize, List.copyOf(located));
    }

    /** The Conv that reads the pixels; its kernel is the patch size. */
    private static int patchSize(OnnxGraphEditor g, String imageInput) {
        OnnxMl.NodeProto.Builder conv = g.consumers(imageInput).stream().filter(n -> n.getOpType().equals("Conv"))
                .findFirst().orElseThrow(() -> new GraphStructureException("no Conv (patch embedding) reads '" + imageInput + "'"));
        Optional<List<Long>> kernel = OnnxGraphEditor.intsAttribute(conv, "kernel_shape");
        if (kernel.isPresent() && kernel.get().size() == 2 && kernel.get().get(0).equals(kernel.get().get(1))) {
            return kernel.get().get(0).intValue();
        }
        return g.initializer(conv.getInput(1)).filter(w -> w.getDimsCount() == 4 && w.getDims(2) == w.getDims(3))
                .map(w -> (int) w.getDims(2))
                .orElseThrow(() -> new GraphStructureException("the patch embedding " + describe(conv) + " has no square kernel"));
    }

    /** The nearest {@code Gather(axis=1, index 0)} upstream of {@code image_embeds}: {@code last_hidden_state[:, 0]}. */
    private static OnnxMl.NodeProto.Builder classTokenSelection(OnnxGraphEditor g, String embedsOutput) {
        Set<String> feeding = g.ancestors(embedsOutput);
        OnnxMl.NodeProto.Builder best = null;
        for (OnnxMl.NodeProto.Builder n : g.nodes()) {
            if (n.getOpType().equals("Gather") && feeding.contains(n.getOutput(0))
                    && OnnxGraphEditor.intAttribute(n, "axis").orElse(0L) == 1L
                    && g.constantValues(n.getInput(1)).map(v -> v.length == 1 && v[0] == 0).orElse(false)) {
                best = n; // the last one in graph order is the nearest to the output
            }
        }
        if (best == null) {
            throw new GraphStructureException("no class-token selection (Gather of token 0 on axis 1) feeds the image "
                    + "embedding; is this a CLIP ViT vision export with projection?");
        }
        return best;
    }

    private static Optional<OnnxMl.NodeProto.Builder> lastNode(OnnxGraphEditor g, String opType, Set<String> among) {
        OnnxMl.NodeProto.Builder last = null;
        for (OnnxMl.NodeProto.Builder n : g.nodes()) {
            if (n.getOpType().equals(opType) && among.contains(n.getOutput(0))) {
                last = n;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The first node of {@code opType} reading {@code tensor}, looking through casts, dropout and identities. */
    private static Optional<OnnxMl.NodeProto.Builder> followThrough(OnnxGraphEditor g, String tensor, String opType) {
        for (String t : aliases(g, tensor)) {
            for (OnnxMl.NodeProto.Builder n : g.consumers(t)) {
                if (n.getOpType().equals(opType) && n.getInput(0).equals(t)) {
                    return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code tensor} and what Cast / Identity / Dropout pass it on as. */
    private static Set<String> aliases(OnnxGraphEditor g, String tensor) {
        Set<String> found = new java.util.LinkedHashSet<>();
        found.add(tensor);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (OnnxMl.NodeProto.Builder n : g.nodes()) {
                if (Set.of("Cast", "Identity", "Dropout").contains(n.getOpType()) && found.contains(n.getInput(0))
                        && found.add(n.getOutput(0))) {
                    grew = true;
                }
            }
        }
        return found;
    }

    /** q·kᵀ: walking back from the Softmax through scaling, masking, casts and reshapes to the MatMul. */
    private static OnnxMl.NodeProto.Builder scoreMatMul(OnnxGraphEditor g, OnnxMl.NodeProto.Builder softmax) {
        String t = softmax.getInput(0);
        for (int step = 0; step < 16; step++) {
            OnnxMl.NodeProto.Builder p = g.producer(t).orElse(null);
            if (p == null) {
                break;
            }
            if (p.getOpType().equals("MatMul")) {
                return p;
            }
            if (!Set.of("Mul", "Div", "Add", "Cast", "Reshape", "Identity", "Where").contains(p.getOpType())) {
                break;
            }
            t = p.getInputList().stream().filter(s -> !s.isEmpty() && !g.isConstant(s)).findFirst().orElse(null);
            if (t == null) {
                break;
            }
        }
        throw new GraphStructureException("no score MatMul (q·kᵀ) feeds the last attention's Softmax (" + softmax.getName() + ")");
    }

    /**
     * Tensors computed from tensor shapes (Shape and the integer arithmetic after it): exporters emit such
     * Adds between the attention and its residual, and they are never the residual.
     */
    private static Set<String> shapeArithmetic(OnnxGraphEditor g) {
        Set<String> derived = new java.util.HashSet<>();
        for (OnnxMl.NodeProto.Builder n : g.nodes()) {
            List<String> computed = n.getInputList().stream().filter(s -> !s.isEmpty() && !g.isConstant(s)).toList();
            if (n.getOpType().equals("Shape") || (!computed.isEmpty() && derived.containsAll(computed))) {
                derived.addAll(n.getOutputList());
            }
        }
        return derived;
    }

    /** True for the layer input of a residual: a computed tensor that the attention output does not depend on. */
    private static boolean isLayerInput(OnnxGraphEditor g, String tensor, Set<String> afterValues, Set<String> shapeArithmetic) {
        return !tensor.isEmpty() && !afterValues.contains(tensor) && !g.isConstant(tensor) && !shapeArithmetic.contains(tensor);
    }

    private static Optional<OnnxMl.NodeProto.Builder> firstAdd(OnnxGraphEditor g, int after,
                                                                java.util.function.Predicate<OnnxMl.NodeProto.Builder> test) {
        List<OnnxMl.NodeProto.Builder> nodes = g.nodes();
        for (int i = after + 1; i < nodes.size(); i++) {
            OnnxMl.NodeProto.Builder n = nodes.get(i);
            if (n.getOpType().equals("Add") && n.getInputCount() == 2 && test.test(n)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * ClearCLIP's scores, q·qᵀ·scale, in the layout of the export's q·kᵀ. Exporters scale q before the MatMul
     * (PyTorch's attention, Hugging Face's CLIPAttention) or the scores after it; in the first case q·qᵀ of the
     * scaled queries carries the scale twice, so it is divided out once.
     */
    private static String queryQueryScores(OnnxGraphEditor g, OnnxMl.NodeProto.Builder scoreMatMul) {
        String queries = scoreMatMul.getInput(0);
        String scores = g.append("Einsum", List.of(queries, queries), null, List.of(Attribute.of("equation", "...id,...jd->...ij").toProto()));
        Optional<Double> scale = queryScale(g, queries);
        if (scale.isPresent()) {
            scores = g.append("Mul", List.of(scores, g.floatScalar((float) (1.0 / scale.get()))), null, List.of());
        }
        return scores;
    }

    /** The scalar q was multiplied by on its way to the score MatMul, through reshapes and transposes. */
    private static Optional<Double> queryScale(OnnxGraphEditor g, String queries) {
        String t = queries;
        for (int step = 0; step < 8; step++) {
            OnnxMl.NodeProto.Builder p = g.producer(t).orElse(null);
            if (p == null) {
                return Optional.empty();
            }
            String op = p.getOpType();
            if ((op.equals("Mul") || op.equals("Div")) && p.getInputCount() == 2) {
                Optional<double[]> c = g.constantValues(p.getInput(1));
                if (c.isPresent() && c.get().length == 1) {
                    return Optional.of(op.equals("Mul") ? c.get()[0] : 1.0 / c.get()[0]);
                }
                Optional<double[]> c0 = g.constantValues(p.getInput(0));
                if (op.equals("Mul") && c0.isPresent() && c0.get().length == 1) {
                    return Optional.of(c0.get()[0]);
                }
                return Optional.empty();
            }
            if (!Set.of("Reshape", "Transpose", "Cast", "Identity").contains(op)) {
                return Optional.empty();
            }
            t = p.getInput(0);
        }
        return Optional.empty();
    }

    /** D: the width of the projection that ends in {@code image_embeds}. */
    private static int projectionWidth(OnnxGraphEditor g, String tokens, String embedsOutput) {
        OnnxMl.NodeProto.Builder last = g.producer(embedsOutput)
                .orElseThrow(() -> new GraphStructureException("nothing computes '" + embedsOutput + "'"));
        if (last.getOpType().equals("MatMul")) {
            Optional<OnnxMl.TensorProto> w = g.initializer(last.getInput(1));
            if (w.isPresent() && w.get().getDimsCount() == 2) {
                return (int) w.get().getDims(1);
            }
        }
        if (last.getOpType().equals("Gemm")) {
            Optional<OnnxMl.TensorProto> w = g.initializer(last.getInput(1));
            boolean transB = OnnxGraphEditor.intAttribute(last, "transB").orElse(0L) == 1L;
            if (w.isPresent() && w.get().getDimsCount() == 2) {
                return (int) w.get().getDims(transB ? 0 : 1);
            }
        }
        throw new GraphStructureException("the projection that computes '" + embedsOutput + "' (" + describe(last)
                + ") has no constant 2-D weight");
    }

    /**
     * The nodes between the class-token selection and {@code image_embeds} were exported for [N, C]; they now see
     * [N, tokens, C]. A Gemm (2-D only) becomes MatMul + Add, and an axis counted from the front (1 = last of
     * two) is counted from the back instead.
     */
    private static void allowTokenAxis(OnnxGraphEditor g, String tokens, String embedsOutput) {
        Set<String> between = g.descendants(tokens);
        between.retainAll(g.ancestors(embedsOutput));
        for (OnnxMl.NodeProto.Builder n : new ArrayList<>(g.nodes())) {
            if (!between.contains(n.getOutput(0)) || n.getInputList().stream().noneMatch(between::contains)) {
                continue;
            }
            switch (n.getOpType()) {
                case "Gemm" -> gemmToMatMul(g, n);
                case "LayerNormalization", "Softmax" -> fromBack(n, "axis");
                case "ReduceMean" -> {
                    List<Long> axes = OnnxGraphEditor.intsAttribute(n, "axes").orElse(List.of());
                    if (axes.equals(List.of(1L))) {
                        replaceAttribute(n, Attribute.ints("axes", -1).toProto());
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void fromBack(OnnxMl.NodeProto.Builder n, String attribute) {
        if (OnnxGraphEditor.intAttribute(n, attribute).orElse(-1L) == 1L) {
            replaceAttribute(n, Attribute.of(attribute, -1L).toProto());
        }
    }

    private static void replaceAttribute(OnnxMl.NodeProto.Builder n, OnnxMl.AttributeProto a) {
        for (int i = 0; i < n.getAttributeCount(); i++) {
            if (n.getAttribute(i).getName().equals(a.getName())) {
                n.setAttribute(i, a);
                return;
            }
        }
        n.addAttribute(a);
    }

    private static void gemmToMatMul(OnnxGraphEditor g, OnnxMl.NodeProto.Builder gemm) {
        if (OnnxGraphEditor.intAttribute(gemm, "transA").orElse(0L) != 0L) {
            throw new GraphStructureException("the projection Gemm " + gemm.getName() + " transposes its input");
        }
        float alpha = attributeFloat(gemm, "alpha");
        float beta = attributeFloat(gemm, "beta");
        if (alpha != 1f || beta != 1f) {
            throw new GraphStructureException("the projection Gemm " + gemm.getName() + " scales (alpha " + alpha + ", beta " + beta + ")");
        }
        String weight = gemm.getInput(1);
        if (OnnxGraphEditor.intAttribute(gemm, "transB").orElse(0L) == 1L) {
            weight = g.append("Transpose", List.of(weight), null, List.of(Attribute.ints("perm", 1, 0).toProto()));
        }
        String out = gemm.getOutput(0);
        String product = gemm.getInputCount() > 2 && !gemm.getInput(2).isEmpty()
                ? g.append("MatMul", List.of(gemm.getInput(0), weight), null, List.of()) : null;
        if (product != null) {
            g.append("Add", List.of(product, gemm.getInput(2)), out, List.of());
        } else {
            g.append("MatMul", List.of(gemm.getInput(0), weight), out, List.of());
        }
        g.remove(gemm);
    }

    private static float attributeFloat(OnnxMl.NodeProto.Builder n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(OnnxMl.AttributeProto::getF).orElse(1f);
    }

    private static String describe(OnnxMl.NodeProto.Builder n) {
        return n.getOpType() + " '" + n.getName() + "'";
    }
}
