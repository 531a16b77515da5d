package dev.findling.models.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.findling.models.pack.ModelEntry;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One manifest entry bound to its open session: the dialect wrappers address tensors by their
 * logical names (fixed by the dialect) and this class maps them to the export's names. The session
 * may be shared with other entries of the same file; its owner (the loaded pack) closes it, never
 * this class, and never while a run is inside it ({@link SessionGuard}). Thread-safe, like {@link OrtSession#run}.
 */
public final class BoundSession {
    private final ModelEntry entry;
    private final OrtSession session;
    private final SessionGuard guard;
    private final Map<String, TensorInfo> inputsByName;
    private final Map<String, TensorInfo> outputsByName;

    public BoundSession(ModelEntry entry, OrtSession session) throws OrtException {
        this.entry = entry;
        this.session = session;
        this.guard = SessionGuard.of(session);
        this.inputsByName = tensorInfos(session.getInputInfo());
        this.outputsByName = tensorInfos(session.getOutputInfo());
    }

    private static Map<String, TensorInfo> tensorInfos(Map<String, NodeInfo> nodes) {
        Map<String, TensorInfo> out = new HashMap<>();
        for (NodeInfo n : nodes.values()) {
            ValueInfo info = n.getInfo();
            if (info instanceof TensorInfo t) {
                out.put(n.getName(), t);
            }
        }
        return Map.copyOf(out);
    }

    private BoundSession(ModelEntry entry, BoundSession same) {
        this.entry = entry;
        this.session = same.session;
        this.guard = same.guard;
        this.inputsByName = same.inputsByName;
        this.outputsByName = same.outputsByName;
    }

    /**
     * This session with one more logical output mapped to an export's name: for dialects that find an output
     * the exporter left unnamed (EfficientSAM's low-res logits) once, when the pack loads.
     */
    public BoundSession withOutputMapped(String logical, String exportName) {
        if (!outputsByName.containsKey(exportName)) {
            throw new IllegalArgumentException(file() + " has no output '" + exportName + "'; its outputs are "
                    + new java.util.TreeSet<>(outputsByName.keySet()));
        }
        Map<String, String> outputs = new HashMap<>(entry.outputs());
        outputs.put(logical, exportName);
        ModelEntry e = entry;
        return new BoundSession(new ModelEntry(e.role(), e.dialect(), e.file(), e.sha256(), e.inputs(), outputs,
                e.preprocessing(), e.dimension()), this);
    }

    /** The export's output names with their declared types and shapes. */
    public Map<String, TensorInfo> outputInfos() {
        return outputsByName;
    }

    public ModelEntry entry() {
        return entry;
    }

    /** The ONNX file as the manifest names it, for messages. */
    public String file() {
        return entry.file();
    }

    public OrtSession session() {
        return session;
    }

    public boolean hasInput(String logical) {
        return inputsByName.containsKey(entry.inputName(logical));
    }

    /** The declared type and shape of a logical input (−1 for dynamic dimensions). */
    public TensorInfo inputInfo(String logical) {
        TensorInfo t = inputsByName.get(entry.inputName(logical));
        if (t == null) {
            throw new IllegalStateException(file() + " has no input '" + entry.inputName(logical) + "' (" + logical + ")");
        }
        return t;
    }

    public TensorInfo outputInfo(String logical) {
        TensorInfo t = outputsByName.get(entry.outputName(logical));
        if (t == null) {
            throw new IllegalStateException(file() + " has no output '" + entry.outputName(logical) + "' (" + logical + ")");
        }
        return t;
    }

    /** Declared size of dimension {@code axis} of a logical input, empty when dynamic. */
    public Optional<Long> staticInputDim(String logical, int axis) {
        long d = inputInfo(logical).getShape()[axis];
        return d > 0 ? Optional.of(d) : Optional.empty();
    }

    public Optional<Long> staticOutputDim(String logical, int axis) {
        long d = outputInfo(logical).getShape()[axis];
        return d > 0 ? Optional.of(d) : Optional.empty();
    }

    /** A fresh set of input tensors; use in try-with-resources so every tensor is closed. */
    public Inputs inputs() {
        return new Inputs();
    }

    /**
     * Runs the graph, fetching only the given logical outputs (so outputs nobody reads, such as SAM's
     * full-size {@code masks}, are never copied out). Close the result with try-with-resources.
     */
    public OrtSession.Result run(Inputs inputs, String... logicalOutputs) {
        Set<String> fetch = new LinkedHashSet<>();
        for (String logical : logicalOutputs) {
            fetch.add(entry.outputName(logical));
        }
        guard.enter(file());
        try {
            return session.run(inputs.tensors, fetch);
        } catch (OrtException e) {
            throw new ModelExecutionException(file() + " (" + entry.role() + ", " + entry.dialect() + ") failed to run: "
                    + e.getMessage(), e);
        } finally {
            guard.leave();
        }
    }

    /** A logical output of this entry, for a run shared with other entries of the same session. */
    public Fetch output(String logical) {
        return new Fetch(this, logical);
    }

    /**
     * One output of one entry. Several entries bound to one session (the SAM and CLIP heads of a merged
     * backbone) map their logical names to the export's names independently, so a shared run names
     * each output through its own entry.
     */
    public record Fetch(BoundSession owner, String logical) {
        String exportName() {
            return owner.entry.outputName(logical);
        }
    }

    /**
     * Runs the graph once, fetching outputs of this entry and of other entries bound to the same session:
     * a merged backbone's heads in one {@link OrtSession#run} instead of one full run per head (ONNX
     * Runtime computes every output of a graph whatever the fetch list asks for). Read each output with
     * its owner's {@link #floats}/{@link #shape}. Close the result with try-with-resources.
     *
     * @throws IllegalArgumentException when a fetch belongs to an entry bound to another session
     */
    public OrtSession.Result run(Inputs inputs, List<Fetch> outputs) {
        Set<String> fetch = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        for (Fetch f : outputs) {
            if (f.owner().session != session) {
                throw new IllegalArgumentException(f.owner().file() + " (" + f.owner().entry.role() + ") is not bound to the session of "
                        + file() + "; only entries of one file share a run");
            }
            fetch.add(f.exportName());
            roles.add(f.owner().entry.role());
        }
        guard.enter(file());
        try {
            return session.run(inputs.tensors, fetch);
        } catch (OrtException e) {
            throw new ModelExecutionException(file() + " (" + String.join(" + ", roles) + ") failed to run: "
                    + e.getMessage(), e);
        } finally {
            guard.leave();
        }
    }

    /** Reads a float output as a flat array in row-major order. */
    public float[] floats(OrtSession.Result result, String logical) {
        OnnxTensor t = outputTensor(result, logical);
        if (t.getInfo().type != OnnxJavaType.FLOAT) {
            throw new ModelExecutionException(file() + ": output '" + entry.outputName(logical) + "' is "
                    + t.getInfo().type + " but float was expected");
        }
        FloatBuffer buffer = t.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /** The actual shape of an output after a run. */
    public long[] shape(OrtSession.Result result, String logical) {
        return outputTensor(result, logical).getInfo().getShape();
    }

    private OnnxTensor outputTensor(OrtSession.Result result, String logical) {
        String name = entry.outputName(logical);
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor t)) {
            throw new ModelExecutionException(file() + " returned no tensor '" + name + "' (" + logical + ")");
        }
        return t;
    }

    /** The input tensors of one run, keyed by the export's names; closes them all. Not thread-safe. */
    public final class Inputs implements AutoCloseable {
        private final Map<String, OnnxTensor> tensors = new HashMap<>();
        private final List<OnnxTensor> created = new ArrayList<>();

        private Inputs() {
        }

        public Inputs floats(String logical, float[] values, long... shape) {
            return floats(logical, FloatBuffer.wrap(values), shape);
        }

        /** A direct buffer is handed to ONNX Runtime without copying. */
        public Inputs floats(String logical, FloatBuffer values, long... shape) {
            return put(logical, () -> OnnxTensor.createTensor(OrtRuntime.environment(), values, shape));
        }

        /** Integer ids, as int64 or int32 according to the session's declared input type. */
        public Inputs ids(String logical, int[] values, long... shape) {
            OnnxJavaType declared = inputInfo(logical).type;
            if (declared == OnnxJavaType.INT64) {
                long[] wide = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    wide[i] = values[i];
                }
                return put(logical, () -> OnnxTensor.createTensor(OrtRuntime.environment(), LongBuffer.wrap(wide), shape));
            }
            if (declared == OnnxJavaType.INT32) {
                return put(logical, () -> OnnxTensor.createTensor(OrtRuntime.environment(), IntBuffer.wrap(values), shape));
            }
            throw new IllegalStateException(file() + ": input '" + entry.inputName(logical) + "' is " + declared
                    + ", not int64 or int32");
        }

        private Inputs put(String logical, TensorMaker maker) {
            try {
                OnnxTensor t = maker.make();
                created.add(t);
                tensors.put(entry.inputName(logical), t);
                return this;
            } catch (OrtException e) {
                throw new ModelExecutionException(file() + ": could not create input '" + entry.inputName(logical)
                        + "': " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            for (OnnxTensor t : created) {
                t.close();
            }
            created.clear();
            tensors.clear();
        }
    }

    @FunctionalInterface
    private interface TensorMaker {
        OnnxTensor make() throws OrtException;
    }
}
