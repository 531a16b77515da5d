package dev.findling.models.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Opens ONNX Runtime sessions with one pack's {@link ExecutionSettings}. The execution provider is
 * decided once, when the factory is created: a requested CUDA device that this runtime cannot use
 * (the CPU build of ONNX Runtime, or a GPU build without a usable GPU) falls back to the CPU with
 * exactly one log line naming the provider in use, or fails with {@link DeviceUnavailableException}
 * when {@link ExecutionSettings#failIfDeviceUnavailable()} is set. Thread-safe.
 */
public final class SessionFactory {
    /** ONNX Runtime session config key (onnxruntime_session_options_config_keys.h). */
    static final String INTRA_OP_ALLOW_SPINNING = "session.intra_op.allow_spinning";
    static final String INTER_OP_ALLOW_SPINNING = "session.inter_op.allow_spinning";

    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);
    private static final int CUDA_DEVICE_ID = 0;

    /** Adds the CUDA provider to options; a seam so that tests can drive the fallback with the CPU runtime. */
    @FunctionalInterface
    interface CudaProbe {
        void addCuda(SessionOptions options) throws OrtException;
    }

    /** The outcome of choosing a provider: which one, and the single line that reports it. */
    record ProviderDecision(ExecutionProvider provider, String logLine, boolean fellBack) {
    }

    private final ExecutionSettings settings;
    private final ExecutionProvider provider;
    private final CudaProbe cudaProbe;

    private SessionFactory(ExecutionSettings settings, ExecutionProvider provider, CudaProbe cudaProbe) {
        this.settings = settings;
        this.provider = provider;
        this.cudaProbe = cudaProbe;
    }

    /**
     * Decides the execution provider for {@code settings} and logs it once.
     *
     * @throws DeviceUnavailableException when CUDA is requested, cannot be used and fallback is disabled
     */
    public static SessionFactory create(ExecutionSettings settings) {
        return create(settings, OrtEnvironment.getAvailableProviders(), o -> o.addCUDA(CUDA_DEVICE_ID),
                (fellBack, line) -> {
                    if (fellBack) {
                        LOG.warn(line);
                    } else {
                        LOG.info(line);
                    }
                });
    }

    static SessionFactory create(ExecutionSettings settings, Set<OrtProvider> available, CudaProbe cudaProbe,
                                 BiConsumer<Boolean, String> log) {
        Objects.requireNonNull(settings, "settings");
        ProviderDecision decision = decide(settings, available, cudaProbe);
        log.accept(decision.fellBack(), decision.logLine());
        return new SessionFactory(settings, decision.provider(), cudaProbe);
    }

    static ProviderDecision decide(ExecutionSettings settings, Set<OrtProvider> available, CudaProbe cudaProbe) {
        String requested = settings.device().name().toLowerCase(Locale.ROOT);
        if (settings.device() == Device.CPU) {
            return new ProviderDecision(ExecutionProvider.CPU,
                    "ONNX Runtime execution provider: CPU (device " + requested + ")", false);
        }
        String whyNot = cudaUnavailableReason(available, cudaProbe);
        if (whyNot == null) {
            return new ProviderDecision(ExecutionProvider.CUDA,
                    "ONNX Runtime execution provider: CUDA (device " + requested + ")", false);
        }
        if (settings.failIfDeviceUnavailable()) {
            throw new DeviceUnavailableException("device " + requested + " was requested with fallback disabled, but "
                    + whyNot + ". Run the onnxruntime_gpu build (mvn -Pcuda) on a machine with a CUDA GPU, "
                    + "or set the device to cpu.");
        }
        // AUTO finding no GPU is the expected case on most machines; only a CUDA request that fails is a warning.
        return new ProviderDecision(ExecutionProvider.CPU,
                "ONNX Runtime execution provider: CPU (device " + requested + " requested; falling back to CPU because "
                        + whyNot + ")", settings.device() == Device.CUDA);
    }

    /** Null when CUDA can be used, else a sentence fragment saying why not. */
    private static String cudaUnavailableReason(Set<OrtProvider> available, CudaProbe cudaProbe) {
        if (!available.contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA execution provider (available: " + available + ")";
        }
        // The GPU build lists CUDA even without a driver or GPU; adding the provider is what loads and checks them.
        try (SessionOptions probe = new SessionOptions()) {
            cudaProbe.addCuda(probe);
            return null;
        } catch (OrtException | RuntimeException | LinkageError e) {
            return "the CUDA execution provider could not be initialised (" + e.getMessage() + ")";
        }
    }

    public ExecutionSettings settings() {
        return settings;
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /**
     * Opens one session. Sessions are long-lived: open once per pack, share across threads
     * ({@link OrtSession#run} is thread-safe), close with the pack.
     */
    public OrtSession open(Path onnxFile) throws OrtException {
        try (SessionOptions options = newOptions()) {
            return OrtRuntime.environment().createSession(onnxFile.toString(), options);
        }
    }

    /** Opens a session from model bytes held in memory (tests, generated graphs). */
    public OrtSession open(byte[] model) throws OrtException {
        try (SessionOptions options = newOptions()) {
            return OrtRuntime.environment().createSession(model, options);
        }
    }

    SessionOptions newOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            // Spinning keeps worker threads busy-waiting between runs; on a shared server that steals cores.
            String spin = settings.allowSpinning() ? "1" : "0";
            options.addConfigEntry(INTRA_OP_ALLOW_SPINNING, spin);
            options.addConfigEntry(INTER_OP_ALLOW_SPINNING, spin);
            if (provider == ExecutionProvider.CUDA) {
                cudaProbe.addCuda(options);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
