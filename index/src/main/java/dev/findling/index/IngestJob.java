package dev.findling.index;

import dev.findling.jobs.JobContext;
import dev.findling.jobs.JobLifecycle;
import dev.findling.jobs.JobState;

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
 *
 * <p>The run reports and checkpoints through a {@link JobContext} (the one job lifecycle, see
 * {@code models/jobs}): either its own {@link JobLifecycle}, which the run drives and {@link #pause()},
 * {@link #resume()} and {@link #cancel()} control, or a caller's job (the app's registry), which the caller
 * drives and controls — then this handle only observes.
 */
public final class IngestJob {
    private final String id;
    private final String rootId;
    private final IngestMode mode;
    private final JobContext context;
    private final JobLifecycle own;
    private final CompletableFuture<IngestProgress> completion = new CompletableFuture<>();
    private final List<FileFailure> failures = new ArrayList<>();
    private volatile IngestProgress progress;
    private volatile boolean closing;
    private Thread runner;
    private boolean blockedInPause;

    /** @param own the lifecycle the run drives, or null when {@code context} belongs to a caller's job */
    IngestJob(String id, String rootId, IngestMode mode, JobContext context, JobLifecycle own) {
        this.id = id;
        this.rootId = rootId;
        this.mode = mode;
        this.context = context;
        this.own = own;
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

    /** Where the run is, as its last progress says. */
    public JobState state() {
        return progress.state();
    }

    /** Files reported and skipped by this run so far. */
    public synchronized List<FileFailure> failures() {
        return List.copyOf(failures);
    }

    /** Asks the run to pause after the current file (it commits first). */
    public void pause() {
        own().pause();
    }

    public void resume() {
        own().resume();
    }

    /** Asks the run to stop after the current file; work done so far is committed and kept. No effect once ended. */
    public void cancel() {
        JobLifecycle l = own();
        if (!l.state().isTerminal()) {
            l.cancel();
        }
    }

    private JobLifecycle own() {
        if (own == null) {
            throw new IllegalStateException("ingestion " + id + " runs under a caller's job; control that job");
        }
        return own;
    }

    /** Completes with the final progress when the run ends (completed, cancelled, interrupted or failed). */
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

    /** Waits for the end of the run, however long it takes. */
    public IngestProgress await() throws InterruptedException {
        try {
            return completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("ingestion job " + id + " ended abnormally", e.getCause());
        }
    }

    // --- used by the library and the run ---

    JobContext context() {
        return context;
    }

    /** The lifecycle the run drives itself; null under a caller's job. */
    JobLifecycle ownLifecycle() {
        return own;
    }

    /**
     * The library is closing: the run stops at its next checkpoint, whoever drives its job. A run held by a pause
     * of a caller's job is woken by an interrupt — only then, never while it may be inside Lucene's I/O.
     */
    void stopForClose() {
        synchronized (this) {
            closing = true;
            if (blockedInPause && runner != null) {
                runner.interrupt();
            }
        }
        if (own != null) {
            own.stop();
        }
    }

    synchronized void runner(Thread t) {
        runner = t;
    }

    synchronized void blockedInPause(boolean blocked) {
        blockedInPause = blocked;
    }

    boolean closing() {
        return closing;
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
