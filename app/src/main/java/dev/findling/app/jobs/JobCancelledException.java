package dev.findling.app.jobs;

/** Thrown by {@link JobContext#checkpoint()} when the job was cancelled; the registry marks the job cancelled. */
public final class JobCancelledException extends RuntimeException {
    public JobCancelledException(String jobId) {
        super("job " + jobId + " was cancelled");
    }
}
