package dev.findling.app.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A job's life: {@code queued → running ⇄ paused → completed | failed | cancelled}. A queued job can be
 * cancelled before it starts; pausing and cancelling a running job are requests the task honours at its
 * next checkpoint ({@link JobContext#checkpoint()}).
 */
public enum JobState {
    QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** JSON and URLs use lower case: {@code "running"}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
