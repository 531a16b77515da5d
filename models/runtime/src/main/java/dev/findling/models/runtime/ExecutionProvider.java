package dev.findling.models.runtime;

/** The ONNX Runtime execution provider a pack's sessions actually run on. */
public enum ExecutionProvider {
    CPU,
    CUDA
}
