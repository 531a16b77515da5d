package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An exported ONNX model opened for structural editing: find a tensor's producer and consumers, read constant
 * values, reroute every use of one tensor to another, append nodes, replace the graph outputs and drop what no
 * output needs. Nodes are addressed by their position in the original file's order (which is topological), so
 * "the last Softmax" means the last one the exporter emitted; {@link #toModel()} sorts the edited graph
 * topologically again, keeping the original order wherever it is still valid.
 *
 * <p>Subgraphs (If / Loop bodies) are carried along unchanged and not searched: the exports edited here have none.
 */
public final class EditableGraph {
    private final OnnxMl.ModelProto original;
    private final List<OnnxMl.NodeProto.Builder> nodes = new ArrayList<>();
    private final Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();
    private final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
    private final List<OnnxMl.ValueInfoProto> outputs = new ArrayList<>();
    private final Set<String> constantNodeOutputs = new HashSet<>();
    private final String prefix;
    private int counter;

    private EditableGraph(OnnxMl.ModelProto model, String prefix) {
        this.original = model;
        this.prefix = prefix;
        OnnxMl.GraphProto g = model.getGraph();
        g.getNodeList().forEach(n -> nodes.add(n.toBuilder()));
        g.getNodeList().stream().filter(n -> n.getOpType().equals("Constant")).forEach(n -> constantNodeOutputs.addAll(n.getOutputList()));
        g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        inputs.addAll(g.getInputList());
        outputs.addAll(g.getOutputList());
    }

    /**
     * @param prefix prepended to the names of added nodes and tensors so that they never collide with the
     *               export's own names (e.g. {@code "findling/dense/"})
     */
    public static EditableGraph of(OnnxMl.ModelProto model, String prefix) {
        return new EditableGraph(model, prefix);
    }

    /** The nodes in their current order; edits through the builders change the graph. */
    public List<OnnxMl.NodeProto.Builder> nodes() {
        return nodes;
    }

    public int indexOf(OnnxMl.NodeProto.Builder node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == node) {
                return i;
            }
        }
        return -1;
    }

    public List<OnnxMl.ValueInfoProto> inputs() {
        return List.copyOf(inputs);
    }

    public List<OnnxMl.ValueInfoProto> outputs() {
        return List.copyOf(outputs);
    }

    public Optional<OnnxMl.TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** The node that produces {@code tensor}, empty for graph inputs, initializers and unknown names. */
    public Optional<OnnxMl.NodeProto.Builder> producer(String tensor) {
        for (OnnxMl.NodeProto.Builder n : nodes) {
            if (n.getOutputList().contains(tensor)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The nodes that read {@code tensor}, in graph order. */
    public List<OnnxMl.NodeProto.Builder> consumers(String tensor) {
        List<OnnxMl.NodeProto.Builder> found = new ArrayList<>();
        for (OnnxMl.NodeProto.Builder n : nodes) {
            if (n.getInputList().contains(tensor)) {
                found.add(n);
            }
        }
        return found;
    }

    /** True for initializers and outputs of {@code Constant} nodes. */
    public boolean isConstant(String tensor) {
        return initializers.containsKey(tensor) || constantNodeOutputs.contains(tensor);
    }

    /** The value of a constant tensor (initializer or {@code Constant} node), empty for anything else. */
    public Optional<OnnxMl.TensorProto> constant(String tensor) {
        OnnxMl.TensorProto t = initializers.get(tensor);
        if (t != null) {
            return Optional.of(t);
        }
        return producer(tensor).filter(n -> n.getOpType().equals("Constant"))
                .flatMap(n -> n.getAttributeList().stream().filter(a -> a.getName().equals("value")).findFirst())
                .map(OnnxMl.AttributeProto::getT);
    }

    /** A constant's values widened to double (float, double, int32 and int64 tensors), empty otherwise. */
    public Optional<double[]> constantValues(String tensor) {
        return constant(tensor).flatMap(EditableGraph::values);
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

    /** Every tensor computed from {@code tensor} (including itself), following node edges forwards. */
    public Set<String> downstream(String tensor) {
        Set<String> reached = new HashSet<>();
        reached.add(tensor);
        for (OnnxMl.NodeProto.Builder n : nodes) { // graph order is topological
            if (n.getInputList().stream().anyMatch(reached::contains)) {
                reached.addAll(n.getOutputList());
            }
        }
        return reached;
    }

    /** Every tensor {@code tensor} is computed from (including itself), following node edges backwards. */
    public Set<String> upstream(String tensor) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(tensor));
        Map<String, OnnxMl.NodeProto.Builder> producers = producers();
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!reached.add(t)) {
                continue;
            }
            OnnxMl.NodeProto.Builder p = producers.get(t);
            if (p != null) {
                p.getInputList().stream().filter(s -> !s.isEmpty()).forEach(todo::push);
            }
        }
        return reached;
    }

    private Map<String, OnnxMl.NodeProto.Builder> producers() {
        Map<String, OnnxMl.NodeProto.Builder> map = new HashMap<>();
        for (OnnxMl.NodeProto.Builder n : nodes) {
            n.getOutputList().forEach(o -> map.put(o, n));
        }
        return map;
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

    /** Appends a node with one output, named after {@code outputName} when given, else a fresh name. */
    public String add(String opType, List<String> nodeInputs, String outputName, OnnxMl.AttributeProto... attributes) {
        String out = outputName != null ? outputName : fresh(opType);
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(fresh(opType + "_node"))
                .addAllInput(nodeInputs).addOutput(out);
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n);
        return out;
    }

    public String add(String opType, List<String> nodeInputs, OnnxMl.AttributeProto... attributes) {
        return add(opType, nodeInputs, null, attributes);
    }

    /** A new int64 initializer of shape [values.length]. */
    public String int64s(long... values) {
        String name = fresh("int64s");
        initializers.put(name, InitTensor.int64s(name, new long[]{values.length}, values).toProto());
        return name;
    }

    /** A new float32 scalar initializer. */
    public String floatScalar(float value) {
        String name = fresh("scalar");
        initializers.put(name, InitTensor.floats(name, new long[0], value).toProto());
        return name;
    }

    public static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    public static OnnxMl.AttributeProto intsAttr(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static OnnxMl.AttributeProto stringAttr(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    /** Replaces the declaration of graph input {@code name} (e.g. to fix its size). */
    public void redeclareInput(OnnxMl.ValueInfoProto declaration) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).getName().equals(declaration.getName())) {
                inputs.set(i, declaration);
                return;
            }
        }
        throw new IllegalArgumentException("the graph has no input '" + declaration.getName() + "'");
    }

    /** The graph's outputs become exactly {@code declarations}. */
    public void setOutputs(List<OnnxMl.ValueInfoProto> declarations) {
        outputs.clear();
        outputs.addAll(declarations);
    }

    /** Drops every node and initializer no graph output needs, and graph inputs nothing reads. */
    public void prune() {
        Set<String> needed = new HashSet<>();
        outputs.forEach(o -> needed.addAll(upstream(o.getName())));
        nodes.removeIf(n -> n.getOutputList().stream().noneMatch(needed::contains));
        initializers.keySet().removeIf(name -> !needed.contains(name));
        inputs.removeIf(i -> !needed.contains(i.getName()) && !initializers.containsKey(i.getName()));
    }

    private String fresh(String what) {
        return prefix + what + "_" + (counter++);
    }

    /**
     * The edited model: the original's IR version, opsets, producer and metadata, plus {@code metadata}, with the
     * nodes in a topological order and no {@code value_info} (its shapes may describe tensors an edit has changed;
     * ONNX Runtime infers them again).
     */
    public OnnxMl.ModelProto toModel(String docString, Map<String, String> metadata) {
        OnnxMl.GraphProto.Builder g = original.getGraph().toBuilder()
                .clearNode().clearInitializer().clearInput().clearOutput().clearValueInfo()
                .setDocString(docString);
        sorted().forEach(n -> g.addNode(n.build()));
        g.addAllInitializer(initializers.values());
        g.addAllInput(inputs);
        g.addAllOutput(outputs);
        OnnxMl.ModelProto.Builder m = original.toBuilder().setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** Kahn's algorithm, always taking the earliest ready node, so an unedited graph keeps its order. */
    private List<OnnxMl.NodeProto.Builder> sorted() {
        Set<String> available = new HashSet<>(initializers.keySet());
        inputs.forEach(i -> available.add(i.getName()));
        available.add("");
        List<OnnxMl.NodeProto.Builder> pending = new ArrayList<>(nodes);
        List<OnnxMl.NodeProto.Builder> order = new ArrayList<>(nodes.size());
        while (!pending.isEmpty()) {
            int ready = -1;
            for (int i = 0; i < pending.size(); i++) {
                if (available.containsAll(pending.get(i).getInputList())) {
                    ready = i;
                    break;
                }
            }
            if (ready < 0) {
                OnnxMl.NodeProto.Builder stuck = pending.get(0);
                throw new IllegalStateException("the edited graph has a cycle or a missing tensor: node "
                        + stuck.getName() + " (" + stuck.getOpType() + ") reads " + stuck.getInputList());
            }
            OnnxMl.NodeProto.Builder n = pending.remove(ready);
            available.addAll(n.getOutputList());
            order.add(n);
        }
        return order;
    }
}
