package dev.findling.index;

/** Life cycle of an {@link IngestJob}. */
public enum JobState {
    QUEUED, SCANNING, RUNNING, PAUSED, COMPLETED, CANCELLED, FAILED;

    public boolean isFinished() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
