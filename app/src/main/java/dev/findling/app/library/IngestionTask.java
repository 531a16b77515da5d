package dev.findling.app.library;

import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobTask;
import dev.findling.index.FileFailure;
import dev.findling.index.IngestJob;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestMode;
import dev.findling.index.IngestProgress;
import dev.findling.index.PhotoLibrary;
import dev.findling.jobs.JobCancelledException;
import dev.findling.jobs.JobContext;
import dev.findling.jobs.JobInterruptedException;
import dev.findling.jobs.JobState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One root's ingestion as a job of the app's {@link JobRegistry}. The index module's run reports progress and
 * checkpoints through the registry's job itself (the one job lifecycle, {@code models/jobs}), so the registry's
 * pause, resume and cancel reach it directly and its progress is the job's; this task only waits for the run's end
 * and keeps the root's run history ({@link IngestionRuns}) from the run's progress events.
 */
final class IngestionTask implements JobTask {
    /** Failures listed in the job's result; the rest are counted (and kept by the index, see GET /api/library/roots). */
    static final int LISTED_FAILURES = 50;

    private final PhotoLibrary library;
    private final IngestionRuns runs;
    private final String rootId;
    private final IngestMode mode;

    IngestionTask(PhotoLibrary library, IngestionRuns runs, String rootId, IngestMode mode) {
        this.library = library;
        this.runs = runs;
        this.rootId = rootId;
        this.mode = mode;
    }

    /** What an ingestion job keeps in its record to run again after an interruption. */
    Map<String, String> params() {
        return Map.of("rootId", rootId, "mode", mode.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public Object run(JobContext context) throws Exception {
        Instant started = Instant.now();
        IngestJob job = library.ingest(rootId, mode, new IngestListener() {
            @Override
            public void onProgress(IngestProgress p) {
                runs.record(rootId, IngestionRuns.Run.of(context.jobId(), started, p, false));
            }
        }, context);
        IngestProgress end;
        try {
            end = job.await();
        } catch (InterruptedException e) {
            // The worker is being torn down; the run stops at its next checkpoint through the job's stop request.
            Thread.currentThread().interrupt();
            throw new JobInterruptedException("the server stopped while root '" + rootId + "' was being ingested");
        }
        runs.record(rootId, IngestionRuns.Run.of(context.jobId(), started, end, true));
        if (end.state() == JobState.CANCELLED) {
            throw new JobCancelledException(context.jobId());
        }
        if (end.state() == JobState.INTERRUPTED) {
            throw new JobInterruptedException("the library was closed while root '" + rootId + "' was being ingested; "
                    + "resume the job to continue from the last commit");
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
        r.put("mode", end.mode().name().toLowerCase(Locale.ROOT));
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
