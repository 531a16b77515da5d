package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Edits an existing ONNX graph in place of its protobuf: find nodes by op type or by what feeds them, add
 * graph inputs, insert nodes and re-route the consumers of a tensor. Nodes are held as protobuf builders, so a
 * {@link OnnxMl.NodeProto.Builder} returned by a query stays the same node across edits. Insertions keep the
 * node list topologically sorted (ONNX requires it): a new node goes right after the last producer of its
 * inputs. The edited model keeps the source's opset, IR version, initializers and metadata.
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

    /** The edited model: the source's header and metadata with the edited graph. */
    public OnnxMl.ModelProto build() {
        OnnxMl.GraphProto.Builder g = graph.clone().clearNode();
        for (OnnxMl.NodeProto.Builder n : nodes) {
            g.addNode(n.build());
        }
        return source.toBuilder().setGraph(g).build();
    }

    /** "OpType 'name' (inputs → outputs)", for messages. */
    public static String describe(OnnxMl.NodeProtoOrBuilder node) {
        return node.getOpType() + " '" + node.getName() + "' (" + String.join(", ", node.getInputList()) + " → "
                + String.join(", ", node.getOutputList()) + ")";
    }
}
