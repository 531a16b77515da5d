package dev.findling.models.runtime;

/** Where ONNX Runtime executes ({@code findling.device}). */
public enum Device {
    /** CPU execution provider only. */
    CPU,
    /** CUDA execution provider; falls back to CPU (logged) unless fallback is disabled. */
    CUDA,
    /** CUDA when the runtime and a GPU are there, CPU otherwise (logged). */
    AUTO
}
