package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Edits an existing ONNX graph in place of its protobuf: find nodes by op type or by what feeds them, add
 * graph inputs, insert nodes and re-route the consumers of a tensor. Nodes are held as protobuf builders, so a
 * {@link OnnxMl.NodeProto.Builder} returned by a query stays the same node across edits. Insertions keep the
 * node list topologically sorted (ONNX requires it): a new node goes right after the last producer of its
 * inputs. Edits that append nodes or reroute uses may leave the list out of order for a while; {@link #build()}
 * and {@link #removeUnusedNodes()} sort it topologically again, keeping the original order wherever it is still
 * valid. The edited model keeps the source's opset, IR version, initializers and metadata.
 */
public final class OnnxGraphEditor {
    private final OnnxMl.ModelProto source;
    private final OnnxMl.GraphProto.Builder graph;
    private final List<OnnxMl.NodeProto.Builder> nodes = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();

    public OnnxGraphEditor(OnnxMl.ModelProto model) {
        this.source = model;
        this.graph = model.getGraph().toBuilder();
        for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
            nodes.add(n.toBuilder());
            usedNames.add(n.getName());
            usedNames.addAll(n.getOutputList());
        }
        graph.getInputList().forEach(v -> usedNames.add(v.getName()));
        graph.getInitializerList().forEach(t -> usedNames.add(t.getName()));
        graph.clearNode();
    }

    // ---------------------------------------------------------------- queries

    /** All nodes in graph order. */
    public List<OnnxMl.NodeProto.Builder> nodes() {
        return List.copyOf(nodes);
    }

    public List<OnnxMl.NodeProto.Builder> nodesOfType(String opType) {
        return nodes.stream().filter(n -> n.getOpType().equals(opType)).toList();
    }

    /** The node that produces {@code tensor}; empty for graph inputs, initializers and unknown names. */
    public Optional<OnnxMl.NodeProto.Builder> producer(String tensor) {
        for (OnnxMl.NodeProto.Builder n : nodes) {
            if (n.getOutputList().contains(tensor)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The nodes that read {@code tensor}, in graph order (a node reading it twice appears once). */
    public List<OnnxMl.NodeProto.Builder> consumers(String tensor) {
        return nodes.stream().filter(n -> n.getInputList().contains(tensor)).toList();
    }

    /** Whether {@code tensor} is a graph output. */
    public boolean isGraphOutput(String tensor) {
        return graph.getOutputList().stream().anyMatch(v -> v.getName().equals(tensor));
    }

    public boolean isInitializer(String tensor) {
        return graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(tensor));
    }

    public Optional<OnnxMl.TensorProto> initializer(String tensor) {
        return graph.getInitializerList().stream().filter(t -> t.getName().equals(tensor)).findFirst();
    }

    public List<OnnxMl.ValueInfoProto> inputs() {
        return List.copyOf(graph.getInputList());
    }

    public List<OnnxMl.ValueInfoProto> outputs() {
        return List.copyOf(graph.getOutputList());
    }

    /** True for initializers and outputs of {@code Constant} nodes. */
    public boolean isConstant(String tensor) {
        return constant(tensor).isPresent();
    }

    /** The value of a constant tensor (initializer or {@code Constant} node), empty for anything else. */
    public Optional<OnnxMl.TensorProto> constant(String tensor) {
        Optional<OnnxMl.TensorProto> init = initializer(tensor);
        if (init.isPresent()) {
            return init;
        }
        return producer(tensor).filter(n -> n.getOpType().equals("Constant"))
                .flatMap(n -> n.getAttributeList().stream().filter(a -> a.getName().equals("value")).findFirst())
                .map(OnnxMl.AttributeProto::getT);
    }

    /** A constant's values widened to double (float, double, int32 and int64 tensors), empty otherwise. */
    public Optional<double[]> constantValues(String tensor) {
        return constant(tensor).flatMap(OnnxGraphEditor::values);
    }

    static Optional<double[]> values(OnnxMl.TensorProto t) {
        int type = t.getDataType();
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = t.hasRawData();
        if (type == ElementType.FLOAT.onnxCode()) {
            if (hasRaw) {
                double[] v = new double[raw.remaining() / 4];
                for (int i = 0; i < v.length; i++) {
                    v[i] = raw.getFloat();
                }
                return Optional.of(v);
            }
            return Optional.of(t.getFloatDataList().stream().mapToDouble(Float::doubleValue).toArray());
        }
        if (type == ElementType.DOUBLE.onnxCode()) {
            if (hasRaw) {
                double[] v = new double[raw.remaining() / 8];
                for (int i = 0; i < v.length; i++) {
                    v[i] = raw.getDouble();
                }
                return Optional.of(v);
            }
            return Optional.of(t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (type == ElementType.INT64.onnxCode()) {
            if (hasRaw) {
                double[] v = new double[raw.remaining() / 8];
                for (int i = 0; i < v.length; i++) {
                    v[i] = raw.getLong();
                }
                return Optional.of(v);
            }
            return Optional.of(t.getInt64DataList().stream().mapToDouble(Long::doubleValue).toArray());
        }
        if (type == ElementType.INT32.onnxCode()) {
            if (hasRaw) {
                double[] v = new double[raw.remaining() / 4];
                for (int i = 0; i < v.length; i++) {
                    v[i] = raw.getInt();
                }
                return Optional.of(v);
            }
            return Optional.of(t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray());
        }
        return Optional.empty();
    }

    /** An integer attribute of a node, empty when the node does not set it. */
    public static Optional<Long> intAttribute(OnnxMl.NodeProtoOrBuilder node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(OnnxMl.AttributeProto::getI);
    }

    /** An integer-list attribute of a node, empty when the node does not set it. */
    public static Optional<List<Long>> intsAttribute(OnnxMl.NodeProtoOrBuilder node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(OnnxMl.AttributeProto::getIntsList);
    }

    public boolean hasInput(String name) {
        return graph.getInputList().stream().anyMatch(v -> v.getName().equals(name));
    }

    /** Position of a node in graph order (a valid topological order). */
    public int indexOf(OnnxMl.NodeProto.Builder node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == node) {
                return i;
            }
        }
        throw new IllegalArgumentException("node " + describe(node) + " is not in this graph");
    }

    /**
     * Follows a chain of single-input-of-interest nodes upwards: starting at the producer of {@code tensor},
     * skips nodes accepted by {@code passThrough} (taking their first input) and returns the first node that is
     * not, or empty when the chain reaches a graph input or initializer.
     */
    public Optional<OnnxMl.NodeProto.Builder> firstProducerSkipping(String tensor,
                                                                    Predicate<OnnxMl.NodeProto.Builder> passThrough) {
        String current = tensor;
        for (int guard = 0; guard <= nodes.size(); guard++) {
            Optional<OnnxMl.NodeProto.Builder> p = producer(current);
            if (p.isEmpty() || !passThrough.test(p.get())) {
                return p;
            }
            current = p.get().getInput(0);
        }
        throw new IllegalStateException("the graph has a cycle through " + tensor);
    }

    /** Every tensor that {@code tensor} is computed from, itself included (graph inputs and initializers too). */
    public Set<String> ancestors(String tensor) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(tensor);
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (t.isEmpty() || !seen.add(t)) {
                continue;
            }
            producer(t).ifPresent(n -> todo.addAll(n.getInputList()));
        }
        return seen;
    }

    /** Every tensor computed from {@code tensor} (itself included), following node edges forwards. */
    public Set<String> descendants(String tensor) {
        sortNodes(); // one forward pass is enough only in topological order
        Set<String> reached = new HashSet<>();
        reached.add(tensor);
        for (OnnxMl.NodeProto.Builder n : nodes) {
            if (n.getInputList().stream().anyMatch(reached::contains)) {
                reached.addAll(n.getOutputList());
            }
        }
        return reached;
    }

    // ---------------------------------------------------------------- edits

    /** Declares a new graph input after the existing ones. */
    public void addInput(OnnxMl.ValueInfoProto input) {
        if (usedNames.contains(input.getName())) {
            throw new IllegalArgumentException("the graph already has a tensor named '" + input.getName() + "'");
        }
        graph.addInput(input);
        usedNames.add(input.getName());
    }

    /** A tensor or node name not used anywhere in the graph yet, built from {@code stem}. */
    public String freshName(String stem) {
        String name = stem;
        for (int i = 1; usedNames.contains(name); i++) {
            name = stem + "_" + i;
        }
        usedNames.add(name);
        return name;
    }

    /**
     * Inserts a one-output node reading {@code inputs} right after the last producer of those inputs and returns
     * the new node (its output is a fresh name derived from {@code name}).
     */
    public OnnxMl.NodeProto.Builder insert(String opType, String name, List<String> inputs,
                                           List<OnnxMl.AttributeProto> attributes) {
        String nodeName = freshName(name);
        String output = freshName(nodeName + "_output_0");
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
                .setOpType(opType)
                .setName(nodeName)
                .addAllInput(inputs)
                .addOutput(output)
                .addAllAttribute(attributes);
        int at = 0;
        for (String in : inputs) {
            Optional<OnnxMl.NodeProto.Builder> p = producer(in);
            if (p.isPresent()) {
                at = Math.max(at, indexOf(p.get()) + 1);
            }
        }
        nodes.add(at, node);
        return node;
    }

    /**
     * Appends a one-output node (its output named {@code output} when given, else a fresh name from the op type)
     * and returns the output's name; nodes before it may be rerouted to read it, the graph is sorted again later.
     */
    public String append(String opType, List<String> inputs, String output, List<OnnxMl.AttributeProto> attributes) {
        String out = output != null ? output : freshName(opType + "_output");
        if (output != null) {
            usedNames.add(output); // may be the name of a node being replaced, which the caller removes
        }
        nodes.add(OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(freshName(opType + "_node"))
                .addAllInput(inputs).addOutput(out).addAllAttribute(attributes));
        return out;
    }

    /** Removes a node; whatever read its outputs must have been rerouted first (or be pruned). */
    public void remove(OnnxMl.NodeProto.Builder node) {
        nodes.remove(indexOf(node));
    }

    /** A new initializer holding {@code tensor}'s values, under a fresh name from {@code stem}; returns the name. */
    public String addInitializer(String stem, java.util.function.Function<String, InitTensor> tensor) {
        String name = freshName(stem);
        graph.addInitializer(tensor.apply(name).toProto());
        return name;
    }

    /** A new int64 initializer of shape [values.length]. */
    public String int64s(long... values) {
        return addInitializer("int64s", name -> InitTensor.int64s(name, new long[]{values.length}, values));
    }

    /** A new float32 scalar initializer. */
    public String floatScalar(float value) {
        return addInitializer("scalar", name -> InitTensor.floats(name, new long[0], value));
    }

    /** Every node input that reads {@code from} reads {@code to} instead; graph outputs are left as they are. */
    public int replaceUses(String from, String to) {
        int replaced = 0;
        for (OnnxMl.NodeProto.Builder n : nodes) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(from)) {
                    n.setInput(i, to);
                    replaced++;
                }
            }
        }
        return replaced;
    }

    /** Replaces the declaration of graph input {@code declaration.getName()} (e.g. to fix its size). */
    public void redeclareInput(OnnxMl.ValueInfoProto declaration) {
        for (int i = 0; i < graph.getInputCount(); i++) {
            if (graph.getInput(i).getName().equals(declaration.getName())) {
                graph.setInput(i, declaration);
                return;
            }
        }
        throw new IllegalArgumentException("the graph has no input '" + declaration.getName() + "'");
    }

    /** The graph's outputs become exactly {@code declarations}. */
    public void setOutputs(List<OnnxMl.ValueInfoProto> declarations) {
        declarations.forEach(d -> usedNames.add(d.getName()));
        graph.clearOutput().addAllOutput(declarations);
    }

    /** Drops the value_info shapes: after an edit that changes shapes they would be wrong; ONNX Runtime infers them. */
    public void clearValueInfo() {
        graph.clearValueInfo();
    }

    /** Makes {@code consumer} read {@code replacement} wherever it read {@code original}. */
    public void rewire(OnnxMl.NodeProto.Builder consumer, String original, String replacement) {
        boolean found = false;
        for (int i = 0; i < consumer.getInputCount(); i++) {
            if (consumer.getInput(i).equals(original)) {
                consumer.setInput(i, replacement);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException(describe(consumer) + " does not read " + original);
        }
        // The consumer may now sit before the replacement's producer; move it (and nothing else) after it.
        Optional<OnnxMl.NodeProto.Builder> p = producer(replacement);
        if (p.isPresent() && indexOf(p.get()) > indexOf(consumer)) {
            throw new IllegalStateException(describe(consumer) + " comes before the producer of " + replacement
                    + "; insert the replacement earlier");
        }
    }

    /**
     * Drops a graph output and every node and initializer that only it needed. ONNX Runtime computes every node
     * of a graph whatever the caller fetches, so an output nobody reads costs its whole subgraph on every run.
     *
     * @return the number of nodes removed
     */
    public int removeOutput(String output) {
        int index = -1;
        for (int i = 0; i < graph.getOutputCount(); i++) {
            if (graph.getOutput(i).getName().equals(output)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("the graph has no output '" + output + "'");
        }
        graph.removeOutput(index);
        return removeUnusedNodes();
    }

    /** Removes nodes none of whose outputs reach a graph output, and initializers nothing reads any more. */
    public int removeUnusedNodes() {
        sortNodes(); // the backward sweep below sees consumers before their producers only in topological order
        Set<String> needed = new HashSet<>();
        graph.getOutputList().forEach(v -> needed.add(v.getName()));
        List<OnnxMl.NodeProto.Builder> kept = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxMl.NodeProto.Builder n = nodes.get(i);
            if (n.getOutputList().stream().anyMatch(needed::contains)) {
                kept.add(n);
                needed.addAll(n.getInputList());
                // Subgraphs (If/Loop bodies) may read outer tensors by name.
                for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                    if (a.hasG()) {
                        a.getG().getNodeList().forEach(sub -> needed.addAll(sub.getInputList()));
                    }
                }
            }
        }
        java.util.Collections.reverse(kept);
        int removed = nodes.size() - kept.size();
        nodes.clear();
        nodes.addAll(kept);
        List<OnnxMl.TensorProto> initializers = new ArrayList<>(graph.getInitializerList());
        graph.clearInitializer();
        for (OnnxMl.TensorProto t : initializers) {
            if (needed.contains(t.getName())) {
                graph.addInitializer(t);
            }
        }
        List<OnnxMl.ValueInfoProto> infos = new ArrayList<>(graph.getValueInfoList());
        graph.clearValueInfo();
        for (OnnxMl.ValueInfoProto v : infos) {
            if (needed.contains(v.getName())) {
                graph.addValueInfo(v);
            }
        }
        return removed;
    }

    /** {@link #removeUnusedNodes()}, then drops graph inputs nothing reads any more. */
    public int prune() {
        int removed = removeUnusedNodes();
        Set<String> read = new HashSet<>();
        nodes.forEach(n -> read.addAll(n.getInputList()));
        graph.getOutputList().forEach(v -> read.add(v.getName()));
        List<OnnxMl.ValueInfoProto> kept = graph.getInputList().stream().filter(v -> read.contains(v.getName())).toList();
        graph.clearInput().addAllInput(kept);
        return removed;
    }

    /**
     * Kahn's algorithm, always taking the earliest ready node, so a graph still in order keeps its order. A node
     * depends on its inputs and on the outer tensors its subgraphs (If / Loop bodies) read.
     */
    private void sortNodes() {
        Set<String> outer = new HashSet<>();
        nodes.forEach(n -> outer.addAll(n.getOutputList()));
        Set<String> available = new HashSet<>();
        graph.getInputList().forEach(v -> available.add(v.getName()));
        graph.getInitializerList().forEach(t -> available.add(t.getName()));
        available.add("");
        outer.addAll(available);
        List<OnnxMl.NodeProto.Builder> pending = new ArrayList<>(nodes);
        List<OnnxMl.NodeProto.Builder> order = new ArrayList<>(nodes.size());
        while (!pending.isEmpty()) {
            int ready = -1;
            for (int i = 0; i < pending.size() && ready < 0; i++) {
                if (available.containsAll(dependencies(pending.get(i), outer))) {
                    ready = i;
                }
            }
            if (ready < 0) {
                OnnxMl.NodeProto.Builder stuck = pending.get(0);
                throw new IllegalStateException("the edited graph has a cycle or a missing tensor: node "
                        + describe(stuck));
            }
            OnnxMl.NodeProto.Builder n = pending.remove(ready);
            available.addAll(n.getOutputList());
            order.add(n);
        }
        nodes.clear();
        nodes.addAll(order);
    }

    private static Set<String> dependencies(OnnxMl.NodeProto.Builder n, Set<String> outer) {
        Set<String> deps = new HashSet<>(n.getInputList());
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            if (a.hasG()) {
                a.getG().getNodeList().forEach(sub -> sub.getInputList().stream().filter(outer::contains).forEach(deps::add));
            }
        }
        return deps;
    }

    /** The edited model: the source's header and metadata with the edited graph. */
    public OnnxMl.ModelProto build() {
        sortNodes();
        OnnxMl.GraphProto.Builder g = graph.clone().clearNode();
        for (OnnxMl.NodeProto.Builder n : nodes) {
            g.addNode(n.build());
        }
        return source.toBuilder().setGraph(g).build();
    }

    /** {@link #build()} with {@code docString} on the graph and {@code metadata} added to the model's. */
    public OnnxMl.ModelProto build(String docString, Map<String, String> metadata) {
        OnnxMl.ModelProto built = build();
        OnnxMl.ModelProto.Builder m = built.toBuilder().setGraph(built.getGraph().toBuilder().setDocString(docString));
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** "OpType 'name' (inputs → outputs)", for messages. */
    public static String describe(OnnxMl.NodeProtoOrBuilder node) {
        return node.getOpType() + " '" + node.getName() + "' (" + String.join(", ", node.getInputList()) + " → "
                + String.join(", ", node.getOutputList()) + ")";
    }
}
