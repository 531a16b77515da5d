package dev.findling.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The one life of every long job (library ingestion, dataset cleaning):
 * {@code queued → running ⇄ paused → completed | failed | cancelled}, and {@code interrupted} for a job
 * that was queued, running or paused when its process stopped (a crash, a kill, a shutdown) — it is kept
 * with what it had done and can be resumed or deleted.
 */
public enum JobState {
    QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED, INTERRUPTED;

    /** Nothing runs and nothing will without a request: completed, failed, cancelled or interrupted. */
    public boolean isTerminal() {
        return !isActive();
    }

    /** Queued, running or paused: the job holds a place in its process. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == PAUSED;
    }

    /** JSON, URLs and job records use lower case: {@code "running"}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
