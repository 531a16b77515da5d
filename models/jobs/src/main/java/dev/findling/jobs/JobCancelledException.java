package dev.findling.jobs;

/**
 * Thrown by {@link JobContext#checkpoint()} when the job was cancelled (or its process is stopping); whoever
 * drives the job then ends it as cancelled (or interrupted). Work done so far stays where the task left it.
 */
public final class JobCancelledException extends RuntimeException {
    public JobCancelledException(String jobId) {
        super("job " + jobId + " was cancelled");
    }
}
