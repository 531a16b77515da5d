package dev.findling.app.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.findling.jobs.JobState;

import java.time.Instant;
import java.util.List;

/**
 * A job at one moment, as {@code GET /api/jobs/{id}} and the event stream show it.
 *
 * @param id          opaque id
 * @param type        what kind of work, e.g. {@code cleaning}
 * @param title       for people
 * @param state       see {@link JobState}: queued, running, paused, completed, failed, cancelled, interrupted
 * @param done        items finished
 * @param total       items in all; 0 while unknown
 * @param fraction    done / total in [0, 1] (1 when completed, 0 while unknown)
 * @param currentItem what is being worked on
 * @param messages    recent messages, oldest first
 * @param error       why the job failed or was interrupted; null otherwise
 * @param result      what a completed job produced (task-specific); null otherwise
 * @param createdAt   when it was submitted
 * @param startedAt   when it started running; null while queued
 * @param finishedAt  when it ended; null while not finished
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobStatus(String id, String type, String title, JobState state, long done, long total, double fraction,
                        String currentItem, List<String> messages, String error, Object result, Instant createdAt,
                        Instant startedAt, Instant finishedAt) {
    public JobStatus {
        messages = List.copyOf(messages);
    }
}
