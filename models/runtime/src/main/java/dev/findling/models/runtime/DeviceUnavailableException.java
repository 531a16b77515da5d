package dev.findling.models.runtime;

/**
 * The configured device cannot be used and the configuration forbids falling back to the CPU
 * ({@link ExecutionSettings#failIfDeviceUnavailable()}).
 */
public class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
