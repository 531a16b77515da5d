package dev.findling.app.library;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.findling.index.IngestProgress;
import dev.findling.jobs.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The last ingestion run of each root, kept in {@code runs.json} beside the library so that the roots list still
 * says when a root was last indexed after a restart. Written atomically (temp file + rename); a damaged file is
 * logged and treated as empty — it is a convenience, never worth failing the library for.
 */
public final class IngestionRuns {
    private static final Logger log = LoggerFactory.getLogger(IngestionRuns.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * One finished (or running) ingestion.
     *
     * @param jobId      the job in the registry (its status may have been evicted since)
     * @param mode       all | missing
     * @param state      completed, cancelled, failed, running, paused or queued
     * @param startedAt  when it was submitted
     * @param finishedAt when it ended; null while it runs
     * @param processed  files (re-)indexed
     * @param unchanged  files skipped as unchanged
     * @param removed    index entries of deleted files removed
     * @param errors     files reported and skipped
     * @param total      supported files the scan found (-1 while scanning)
     * @param message    why it failed; null otherwise
     */
    public record Run(String jobId, String mode, String state, Instant startedAt, Instant finishedAt, int processed,
               int unchanged, int removed, int errors, int total, String message) {

        static Run of(String jobId, Instant startedAt, IngestProgress p, boolean finished) {
            return new Run(jobId, p.mode().name().toLowerCase(Locale.ROOT), p.state().name().toLowerCase(Locale.ROOT),
                    startedAt, finished ? Instant.now() : null, p.processed(), p.unchanged(), p.removed(), p.errors(),
                    p.total(), p.state() == JobState.FAILED ? p.message() : null);
        }
    }

    private final Path file;
    private final Map<String, Run> runs = new LinkedHashMap<>();

    IngestionRuns(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                runs.putAll(JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Run>>() {
                }));
            } catch (IOException e) {
                log.warn("Ignoring the unreadable ingestion history {}: {}", file, e.getMessage());
            }
        }
    }

    synchronized Optional<Run> last(String rootId) {
        return Optional.ofNullable(runs.get(rootId));
    }

    synchronized void record(String rootId, Run run) {
        runs.put(rootId, run);
        if (run.finishedAt() != null) {
            save();
        }
    }

    synchronized void forget(String rootId) {
        if (runs.remove(rootId) != null) {
            save();
        }
    }

    private void save() {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), runs);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("Could not save the ingestion history to {}: {}", file, e.getMessage());
        }
    }
}
