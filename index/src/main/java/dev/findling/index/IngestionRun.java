package dev.findling.index;

import dev.findling.index.scan.LibraryScanner;
import dev.findling.index.scan.ScanResult;
import dev.findling.index.scan.ScannedFile;
import dev.findling.index.scan.SegmentationMaskDetector;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexedFile;
import dev.findling.index.store.LibraryStore;
import dev.findling.index.store.PatchPooling;
import dev.findling.index.store.PatchVector;
import dev.findling.jobs.JobCancelledException;
import dev.findling.jobs.JobContext;
import dev.findling.jobs.JobLifecycle;
import dev.findling.jobs.JobState;
import dev.findling.models.image.ImageDecodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ingestion of one root: scan, remove vanished files, then process new/changed (or all) files
 * in path order, committing in batches. The order is stable, so a run killed mid-way and restarted
 * in {@link IngestMode#MISSING} mode continues where the last commit left off.
 *
 * <p>Progress and checkpoints go through the job's {@link JobContext}; a pause commits first (the hook of
 * {@link JobContext#checkpoint(Runnable)}). When the run owns its lifecycle (no caller's job), it drives it.
 */
final class IngestionRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionRun.class);
    /** Consecutive encoder failures (not decode failures) after which the pack is considered broken. */
    private static final int MAX_CONSECUTIVE_MODEL_FAILURES = 5;

    private final IngestJob job;
    private final JobContext context;
    private final LibraryRoot root;
    private final IngestListener listener;
    private final LibraryStore index;
    private final ImageAnalyzer analyzer;
    private final IndexSettings settings;
    private final String packId;

    private long startNanos;
    private JobState state = JobState.QUEUED;
    private int done;
    private int total = -1;
    private String current;
    private int processed;
    private int unchanged;
    private int removed;
    private int errors;
    private int committed;
    private int pendingChanges;
    private long lastCommitNanos;

    IngestionRun(IngestJob job, LibraryRoot root, IngestListener listener, LibraryStore index, ImageAnalyzer analyzer,
                 IndexSettings settings, String packId) {
        this.job = job;
        this.context = job.context();
        this.root = root;
        this.listener = listener;
        this.index = index;
        this.analyzer = analyzer;
        this.settings = settings;
        this.packId = packId;
    }

    @Override
    public void run() {
        startNanos = System.nanoTime();
        lastCommitNanos = startNanos;
        job.runner(Thread.currentThread());
        try {
            JobLifecycle own = job.ownLifecycle();
            if ((own != null && !own.start()) || context.cancelRequested() || job.closing()) {
                finish(stoppedState(), null);
                return;
            }
            setState(JobState.RUNNING); // scanning: the total is not known yet
            ScanResult scan = LibraryScanner.scan(root.id(), root.path());
            scan.problems().forEach(this::report);
            // With several workers on one shared index, this one sees, resumes and removes only its own files.
            WorkerShare share = settings.workerShare();
            List<ScannedFile> files = scan.files().stream().filter(f -> share.includes(f.relativePath())).toList();
            Map<String, IndexedFile> known = index.filesOf(root.id());
            Set<String> present = new HashSet<>();
            files.forEach(f -> present.add(f.relativePath()));
            for (IndexedFile k : known.values()) {
                if (share.includes(k.relativePath()) && !present.contains(k.relativePath())) {
                    index.delete(k.id());
                    removed++;
                    pendingChanges++;
                }
            }
            total = files.size();
            publish();
            if (removed > 0) {
                commit();
            }
            int modelFailures = 0;
            for (ScannedFile file : files) {
                if (!checkpoint()) {
                    commit();
                    finish(stoppedState(), null);
                    return;
                }
                current = file.relativePath();
                IndexedFile before = known.get(file.relativePath());
                boolean same = before != null && before.sizeBytes() == file.sizeBytes()
                        && before.modifiedMillis() == file.modifiedMillis();
                if (job.mode() == IngestMode.MISSING && same && !needsMaskCheck(file, before)) {
                    unchanged++;
                } else {
                    try {
                        process(file, before);
                        modelFailures = 0;
                    } catch (ModelFailure e) {
                        if (++modelFailures >= MAX_CONSECUTIVE_MODEL_FAILURES) {
                            commit();
                            finish(JobState.FAILED, "the model pack failed on " + modelFailures
                                    + " files in a row; last error: " + e.getMessage());
                            return;
                        }
                    }
                }
                done++;
                maybeCommit();
                publish();
            }
            current = null;
            commit();
            // A run leaves one flushed segment per commit batch, and a concept query searches every
            // segment's graph: merging once at the end is what keeps retrieval fast (LibraryIndex). A run
            // with nothing to do still merges what an interrupted one (killed during its merge) left.
            if (processed + removed + errors > 0 || index.awaitsMergeForSearch()) {
                publish("merging the index for fast search");
                index.mergeForSearch();
            }
            finish(JobState.COMPLETED, null);
        } catch (Throwable t) {
            LOG.error("ingestion of root {} failed", root.id(), t);
            try {
                commit();
            } catch (RuntimeException e) {
                t.addSuppressed(e);
            }
            finish(JobState.FAILED, t.getMessage() == null ? t.toString() : t.getMessage());
        }
    }

    /**
     * Whether an unchanged image was indexed before the current segmentation-mask rule and could be a
     * mask: only then is it re-examined (once; the re-indexed document records the rule). An
     * up-to-date library pays nothing here; an older image costs one header read.
     */
    private static boolean needsMaskCheck(ScannedFile file, IndexedFile before) {
        if (before.failed() || before.maskRule() >= SegmentationMaskDetector.RULE_VERSION) {
            return false;
        }
        try {
            return SegmentationMaskDetector.hasMaskEncoding(file.file());
        } catch (IOException e) {
            return true; // processing it reports the read failure
        }
    }

    /** A failure of the encoder rather than of the file; reported but not recorded, so the file is retried. */
    private static final class ModelFailure extends Exception {
        ModelFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void process(ScannedFile file, IndexedFile before) throws ModelFailure {
        String id = ImageAnalyzer.imageId(root.id(), file.relativePath());
        byte[] bytes;
        try {
            bytes = analyzer.readBounded(file.file());
        } catch (NoSuchFileException e) {
            // Deleted between scan and now: drop whatever the index had.
            if (before != null) {
                index.delete(id);
                removed++;
                pendingChanges++;
            }
            return;
        } catch (IOException e) {
            recordFailure(id, file, "cannot be read: " + e.getMessage());
            return;
        } catch (ImageDecodeException e) {
            recordFailure(id, file, describe(e));
            return;
        }
        ImageAnalyzer.Analysis analysis;
        try {
            analysis = analyzer.analyze(bytes, true);
        } catch (ImageDecodeException e) {
            recordFailure(id, file, describe(e));
            return;
        } catch (RuntimeException e) {
            FileFailure f = new FileFailure(root.id(), file.relativePath(), "the model failed on this image: " + e.getMessage());
            report(f);
            throw new ModelFailure(e.getMessage(), e);
        }
        if (!analysis.isPhoto()) {
            // Recorded like a failure: listed with its reason, left alone by MISSING runs until it
            // changes, and any image an older rule indexed at this path is replaced.
            recordFailure(id, file, analysis.skipReason());
            return;
        }
        List<PatchVector> patches = PatchPooling.pool(analysis.embedding(), settings.patchGrid());
        if (patches.isEmpty()) {
            recordFailure(id, file, "the encoder returned an all-zero embedding");
            return;
        }
        PatchPooling.Layout layout = PatchPooling.layout(analysis.embedding(), settings.patchGrid());
        var g = analysis.embedding().geometry();
        ImageRecord record = new ImageRecord(id, root.id(), file.relativePath(), analysis.sha256(), bytes.length,
                file.modifiedMillis(), g.originalWidth(), g.originalHeight(), packId, patches.size(),
                analysis.globalVector() != null);
        index.upsert(new ImageDocument(record, layout.rows(), layout.cols(), patches, analysis.globalVector()));
        processed++;
        pendingChanges++;
    }

    private static String describe(ImageDecodeException e) {
        return switch (e.reason()) {
            case UNSUPPORTED_FORMAT -> "not a supported image format: " + e.getMessage();
            case TOO_MANY_PIXELS -> "the image is too large: " + e.getMessage();
            case TOO_MANY_BYTES -> "the file is too large: " + e.getMessage();
            case CORRUPT -> "the image is corrupt: " + e.getMessage();
        };
    }

    private void recordFailure(String id, ScannedFile file, String reason) {
        FileFailure f = new FileFailure(root.id(), file.relativePath(), reason);
        index.recordFailure(id, f, file.sizeBytes(), file.modifiedMillis());
        pendingChanges++;
        report(f);
    }

    private void report(FileFailure f) {
        errors++;
        job.addFailure(f);
        context.message("skipped " + f.relativePath() + ": " + f.reason());
        LOG.info("skipped {}/{}: {}", f.rootId(), f.relativePath(), f.reason());
        try {
            listener.onFailure(f);
        } catch (RuntimeException e) {
            LOG.warn("ingest listener failed on a failure report", e);
        }
    }

    /** Honours pause (after committing), cancel and the library closing; returns false when the run must stop. */
    private boolean checkpoint() {
        if (job.closing()) {
            return false;
        }
        try {
            context.checkpoint(() -> {
                commit();
                setState(JobState.PAUSED);
                job.blockedInPause(true);
            });
        } catch (JobCancelledException e) {
            return false;
        } finally {
            job.blockedInPause(false);
            Thread.interrupted(); // a close may have woken the pause; Lucene's channels must not see the flag
        }
        if (job.closing()) {
            return false;
        }
        if (state == JobState.PAUSED) {
            setState(JobState.RUNNING);
        }
        return true;
    }

    /** How a run that stopped before its end ends: interrupted when the library closed, cancelled when asked. */
    private JobState stoppedState() {
        return job.closing() ? JobState.INTERRUPTED : JobState.CANCELLED;
    }

    private void maybeCommit() {
        boolean enough = pendingChanges >= settings.commitEveryFiles();
        boolean due = pendingChanges > 0 && System.nanoTime() - lastCommitNanos >= settings.commitInterval().toNanos();
        if (enough || due) {
            commit();
        }
    }

    private void commit() {
        index.commit();
        pendingChanges = 0;
        committed = done;
        lastCommitNanos = System.nanoTime();
    }

    private void setState(JobState s) {
        state = s;
        publish();
    }

    private IngestProgress snapshot(String message) {
        return new IngestProgress(root.id(), job.mode(), state, done, total, current, processed, unchanged, removed,
                errors, committed, Duration.ofNanos(System.nanoTime() - startNanos), message);
    }

    private void publish() {
        publish(null);
    }

    private void publish(String message) {
        IngestProgress p = snapshot(message);
        job.update(p);
        context.progress(done, Math.max(0, total), current != null ? current : message);
        notifyListener(p);
    }

    private void finish(JobState end, String message) {
        state = end;
        IngestProgress p = snapshot(message);
        job.update(p);
        notifyListener(p);
        JobLifecycle own = job.ownLifecycle();
        if (own != null) {
            switch (end) {
                case COMPLETED -> own.complete();
                case FAILED -> own.fail(message);
                case INTERRUPTED -> own.interrupted("the library was closed during the run");
                default -> own.cancelled();
            }
        }
        job.finish(p);
    }

    private void notifyListener(IngestProgress p) {
        try {
            listener.onProgress(p);
        } catch (RuntimeException e) {
            LOG.warn("ingest listener failed", e);
        }
    }
}
