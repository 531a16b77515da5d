package dev.findling.models.runtime;

/**
 * How sessions are opened.
 *
 * @param device                   requested execution device
 * @param failIfDeviceUnavailable  when true, a requested CUDA device that cannot be used is an error instead of a
 *                                 logged fall-back to CPU
 * @param intraOpThreads           threads per operator; 0 lets ONNX Runtime choose
 * @param allowSpinning            ONNX Runtime's thread spinning; off by default because it burns idle cores that
 *                                 a web server needs for request handling
 */
public record ExecutionSettings(Device device, boolean failIfDeviceUnavailable, int intraOpThreads, boolean allowSpinning) {
    public ExecutionSettings {
        if (device == null) {
            throw new IllegalArgumentException("device must be one of cpu, cuda, auto");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be ≥ 0 (0 = runtime default) but is " + intraOpThreads);
        }
    }

    public static ExecutionSettings defaults() {
        return new ExecutionSettings(Device.CPU, false, 0, false);
    }
}
