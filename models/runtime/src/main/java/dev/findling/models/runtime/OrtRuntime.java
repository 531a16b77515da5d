package dev.findling.models.runtime;

import ai.onnxruntime.OrtEnvironment;

/**
 * The process-wide ONNX Runtime environment. ONNX Runtime allows one environment per process; every
 * session of every pack is created from it, so nothing else in the code base calls
 * {@code OrtEnvironment.getEnvironment} directly.
 */
public final class OrtRuntime {
    private OrtRuntime() {
    }

    public static OrtEnvironment environment() {
        return Holder.ENVIRONMENT;
    }

    /** Lazily initialised so that loading this class does not load the native library. */
    private static final class Holder {
        static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    }
}
