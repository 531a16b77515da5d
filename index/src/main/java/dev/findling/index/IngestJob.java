package dev.findling.index;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Handle of one ingestion run. Runs execute one at a time per library, in submission order; a
 * paused run commits what it has done first, so a pause is also a safe point to stop the process.
 */
public final class IngestJob {
    private final String id;
    private final String rootId;
    private final IngestMode mode;
    private final CompletableFuture<IngestProgress> completion = new CompletableFuture<>();
    private final List<FileFailure> failures = new ArrayList<>();
    private volatile IngestProgress progress;
    private boolean pauseRequested;
    private boolean cancelRequested;

    IngestJob(String id, String rootId, IngestMode mode) {
        this.id = id;
        this.rootId = rootId;
        this.mode = mode;
        this.progress = new IngestProgress(rootId, mode, JobState.QUEUED, 0, -1, null, 0, 0, 0, 0, 0, Duration.ZERO, null);
    }

    public String id() {
        return id;
    }

    public String rootId() {
        return rootId;
    }

    public IngestMode mode() {
        return mode;
    }

    public IngestProgress progress() {
        return progress;
    }

    public JobState state() {
        return progress.state();
    }

    /** Files reported and skipped by this run so far. */
    public synchronized List<FileFailure> failures() {
        return List.copyOf(failures);
    }

    /** Asks the run to pause after the current file (it commits first). No effect on a finished run. */
    public synchronized void pause() {
        pauseRequested = true;
    }

    public synchronized void resume() {
        pauseRequested = false;
        notifyAll();
    }

    /** Asks the run to stop after the current file; work done so far is committed and kept. */
    public synchronized void cancel() {
        cancelRequested = true;
        notifyAll();
    }

    /** Completes with the final progress when the run ends (completed, cancelled or failed). */
    public CompletableFuture<IngestProgress> completion() {
        return completion.copy();
    }

    /** Waits for the end of the run. */
    public IngestProgress await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ingestion job " + id + " ended abnormally", e.getCause());
        }
    }

    // --- used by the run ---

    synchronized boolean isCancelRequested() {
        return cancelRequested;
    }

    synchronized boolean isPauseRequested() {
        return pauseRequested && !cancelRequested;
    }

    /** Blocks while paused; returns false if cancelled meanwhile. */
    synchronized boolean waitWhilePaused() throws InterruptedException {
        while (pauseRequested && !cancelRequested) {
            wait();
        }
        return !cancelRequested;
    }

    synchronized void addFailure(FileFailure f) {
        failures.add(f);
    }

    void update(IngestProgress p) {
        progress = p;
    }

    void finish(IngestProgress p) {
        progress = p;
        completion.complete(p);
    }
}
