package dev.findling.models.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.OnnxModelWriter;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA path is proven with the CPU runtime this build ships: CUDA is requested, the runtime
 * cannot provide it, and the factory falls back (or refuses) exactly as it would on a GPU machine
 * without a usable GPU.
 */
class SessionFactoryTest {
    private record Line(boolean warning, String text) {
    }

    private static SessionFactory create(ExecutionSettings settings, List<Line> log) {
        return SessionFactory.create(settings, OrtEnvironment.getAvailableProviders(), o -> o.addCUDA(0),
                (warn, text) -> log.add(new Line(warn, text)));
    }

    @Test
    void thisBuildIsTheCpuRuntime() {
        assertFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "these tests assume the CPU build of ONNX Runtime (onnxruntime, not onnxruntime_gpu)");
    }

    @Test
    void cpuRequestedRunsOnCpuAndSaysSoOnce() {
        List<Line> log = new ArrayList<>();
        SessionFactory f = create(new ExecutionSettings(Device.CPU, true, 0, false), log);
        assertEquals(ExecutionProvider.CPU, f.provider());
        assertEquals(1, log.size());
        assertFalse(log.get(0).warning());
        assertTrue(log.get(0).text().contains("CPU"), log.get(0).text());
    }

    @Test
    void cudaRequestedWithoutCudaRuntimeFallsBackToCpuWithOneWarning() {
        List<Line> log = new ArrayList<>();
        SessionFactory f = create(new ExecutionSettings(Device.CUDA, false, 0, false), log);
        assertEquals(ExecutionProvider.CPU, f.provider());
        assertEquals(1, log.size(), "exactly one log line: " + log);
        Line line = log.get(0);
        assertTrue(line.warning());
        assertTrue(line.text().startsWith("ONNX Runtime execution provider: CPU"), line.text());
        assertTrue(line.text().contains("no CUDA execution provider"), line.text());
    }

    @Test
    void autoWithoutGpuUsesCpuWithoutWarning() {
        List<Line> log = new ArrayList<>();
        SessionFactory f = create(new ExecutionSettings(Device.AUTO, false, 0, false), log);
        assertEquals(ExecutionProvider.CPU, f.provider());
        assertEquals(1, log.size());
        assertFalse(log.get(0).warning(), "AUTO finding no GPU is normal, not a warning");
        assertTrue(log.get(0).text().contains("falling back to CPU"), log.get(0).text());
    }

    @Test
    void cudaRequiredButUnavailableFailsWithAClearMessage() {
        List<Line> log = new ArrayList<>();
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> create(new ExecutionSettings(Device.CUDA, true, 0, false), log));
        assertTrue(e.getMessage().contains("device cuda was requested with fallback disabled"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        assertTrue(log.isEmpty(), "a refusal is an exception, not a log line");
    }

    @Test
    void gpuBuildWhoseCudaProviderCannotStartFallsBack() {
        // What onnxruntime_gpu reports on a machine without a GPU: CUDA is listed, adding it fails.
        // Here the real addCUDA of the CPU runtime supplies the failure.
        List<Line> log = new ArrayList<>();
        SessionFactory f = SessionFactory.create(new ExecutionSettings(Device.CUDA, false, 0, false),
                EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA), o -> o.addCUDA(0), (w, t) -> log.add(new Line(w, t)));
        assertEquals(ExecutionProvider.CPU, f.provider());
        assertEquals(1, log.size());
        assertTrue(log.get(0).text().contains("could not be initialised"), log.get(0).text());
    }

    @Test
    void usableCudaIsChosen() {
        List<Line> log = new ArrayList<>();
        SessionFactory f = SessionFactory.create(new ExecutionSettings(Device.AUTO, true, 0, false),
                EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA), o -> { }, (w, t) -> log.add(new Line(w, t)));
        assertEquals(ExecutionProvider.CUDA, f.provider());
        assertEquals(List.of(new Line(false, "ONNX Runtime execution provider: CUDA (device auto)")), log);
    }

    @Test
    void sessionsDoNotSpinUnlessAskedAndOptimiseFully() throws Exception {
        SessionFactory quiet = create(new ExecutionSettings(Device.CPU, false, 2, false), new ArrayList<>());
        try (SessionOptions o = quiet.newOptions()) {
            assertEquals("0", o.getConfigEntries().get(SessionFactory.INTRA_OP_ALLOW_SPINNING));
        }
        SessionFactory spinning = create(new ExecutionSettings(Device.CPU, false, 2, true), new ArrayList<>());
        try (SessionOptions o = spinning.newOptions()) {
            assertEquals("1", o.getConfigEntries().get(SessionFactory.INTRA_OP_ALLOW_SPINNING));
        }
    }

    @Test
    void openedSessionRuns() throws Exception {
        OnnxGraph g = new OnnxGraph("double");
        OnnxGraph.Value x = g.input("x", ElementType.FLOAT, 1, 3);
        g.output("y", g.mul(x, g.scalar(2f)), ElementType.FLOAT, 1, 3);
        SessionFactory f = create(ExecutionSettings.defaults(), new ArrayList<>());
        try (OrtSession s = f.open(OnnxModelWriter.toBytes(g));
             OnnxTensor in = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(new float[]{1, 2, 3}),
                     new long[]{1, 3});
             OrtSession.Result r = s.run(Map.of("x", in))) {
            float[][] y = (float[][]) r.get(0).getValue();
            assertEquals(6f, y[0][2]);
        }
    }
}
