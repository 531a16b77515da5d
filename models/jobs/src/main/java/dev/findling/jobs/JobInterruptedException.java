package dev.findling.jobs;

/**
 * Thrown by a task whose work was stopped by something other than a person — its process stopping, the
 * library it writes being closed. The driver ends the job {@link JobState#INTERRUPTED}, so it can be resumed.
 */
public final class JobInterruptedException extends RuntimeException {
    public JobInterruptedException(String message) {
        super(message);
    }
}
