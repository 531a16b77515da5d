package dev.findling.app.library;

import dev.findling.app.jobs.JobCancelledException;
import dev.findling.app.jobs.JobContext;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobTask;
import dev.findling.index.FileFailure;
import dev.findling.index.IngestJob;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestMode;
import dev.findling.index.IngestProgress;
import dev.findling.index.JobState;
import dev.findling.index.PhotoLibrary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One root's ingestion as a job of the app's {@link JobRegistry}: starts the index module's {@link IngestJob} and
 * mirrors it both ways — its progress into the job's status (and so into the event stream and progress bar), the
 * registry's pause/resume/cancel onto the index job's handle (which commits before it pauses or stops).
 */
final class IngestionTask implements JobTask {
    /** How often the index job's progress is copied into the job status. */
    private static final Duration POLL = Duration.ofMillis(150);
    /** Failures listed in the job's result; the rest are counted (and kept by the index, see GET /api/library/roots). */
    static final int LISTED_FAILURES = 50;

    private final PhotoLibrary library;
    private final JobRegistry registry;
    private final IngestionRuns runs;
    private final String rootId;
    private final IngestMode mode;

    IngestionTask(PhotoLibrary library, JobRegistry registry, IngestionRuns runs, String rootId, IngestMode mode) {
        this.library = library;
        this.registry = registry;
        this.runs = runs;
        this.rootId = rootId;
        this.mode = mode;
    }

    @Override
    public Object run(JobContext context) throws Exception {
        Instant started = Instant.now();
        IngestJob job = library.ingest(rootId, mode, new IngestListener() {
            @Override
            public void onFailure(FileFailure f) {
                context.message("skipped " + f.relativePath() + ": " + f.reason());
            }
        });
        // Pause and resume arrive as registry status changes; the index job pauses after its current file.
        Runnable unsubscribe = registry.subscribe(context.jobId(), status -> {
            switch (status.state()) {
                case PAUSED -> job.pause();
                case RUNNING -> job.resume();
                default -> {
                }
            }
        });
        IngestProgress end;
        try {
            while (true) {
                if (context.cancelRequested()) {
                    job.cancel();
                }
                try {
                    end = job.await(POLL);
                    break;
                } catch (TimeoutException e) {
                    IngestProgress p = job.progress();
                    context.progress(p.done(), Math.max(0, p.total()), p.currentFile() != null ? p.currentFile() : p.message());
                    runs.record(rootId, IngestionRuns.Run.of(context.jobId(), started, p, false));
                }
            }
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new JobCancelledException(context.jobId());
        } finally {
            unsubscribe.run();
        }
        runs.record(rootId, IngestionRuns.Run.of(context.jobId(), started, end, true));
        context.progress(end.done(), Math.max(0, end.total()), null);
        if (end.state() == JobState.CANCELLED) {
            throw new JobCancelledException(context.jobId());
        }
        if (end.state() == JobState.FAILED) {
            throw new IllegalStateException("ingestion of root '" + rootId + "' failed: " + end.message());
        }
        return result(end, job.failures());
    }

    /** The job's result: counts, speed and the first failures with their reasons. */
    static Map<String, Object> result(IngestProgress end, List<FileFailure> failures) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rootId", end.rootId());
        r.put("mode", end.mode().name().toLowerCase(java.util.Locale.ROOT));
        r.put("total", Math.max(0, end.total()));
        r.put("processed", end.processed());
        r.put("unchanged", end.unchanged());
        r.put("removed", end.removed());
        r.put("failed", end.errors());
        r.put("elapsedMillis", end.elapsed().toMillis());
        r.put("imagesPerSecond", Math.round(end.imagesPerSecond() * 100) / 100.0);
        List<Map<String, String>> listed = new ArrayList<>();
        for (FileFailure f : failures.subList(0, Math.min(LISTED_FAILURES, failures.size()))) {
            listed.add(Map.of("path", f.relativePath(), "reason", f.reason()));
        }
        r.put("failures", listed);
        return r;
    }
}
