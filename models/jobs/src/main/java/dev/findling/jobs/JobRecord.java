package dev.findling.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is kept of a job on disk ({@link JobRecordStore}): its lifecycle snapshot, what it is, what it produced,
 * and what its kind needs to run it again after an interruption.
 *
 * @param type   the kind of work, e.g. {@code cleaning}, {@code ingestion}
 * @param title  for people
 * @param result what a completed job produced (small JSON: counts, links); null otherwise
 * @param params what the job's kind needs to resume or clean up after it (e.g. a root id); never secrets
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRecord(String id, String type, String title, JobState state, long done, long total,
                        String currentItem, List<String> messages, String error, Object result,
                        Map<String, String> params, Instant createdAt, Instant startedAt, Instant finishedAt) {
    public JobRecord {
        messages = messages == null ? List.of() : List.copyOf(messages);
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static JobRecord of(JobLifecycle.Snapshot s, String type, String title, Object result,
                               Map<String, String> params) {
        return new JobRecord(s.id(), type, title, s.state(), s.done(), s.total(), s.currentItem(), s.messages(),
                s.error(), result, params, s.createdAt(), s.startedAt(), s.finishedAt());
    }

    public JobLifecycle.Snapshot snapshot() {
        return new JobLifecycle.Snapshot(id, state, done, total, currentItem, messages, error, createdAt, startedAt,
                finishedAt);
    }
}
