package dev.findling.app.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One job's mutable state, guarded by its own monitor. Status snapshots are published to listeners in
 * order under {@link #publishLock}, outside the state lock, so a slow listener (an event stream) never
 * holds up {@code status()} callers.
 */
final class Job implements JobContext {
    /** Progress events at most this often; state changes are always published. */
    private static final long PROGRESS_EVENT_NANOS = 100_000_000L;

    final String id;
    final String type;
    final String title;
    final JobTask task;
    final Runnable onEvicted;
    private final Clock clock;
    private final Object publishLock = new Object();
    private final CopyOnWriteArrayList<Consumer<JobStatus>> listeners = new CopyOnWriteArrayList<>();

    private JobState state = JobState.QUEUED;
    private long done;
    private long total;
    private String currentItem;
    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private String error;
    private Object result;
    private final Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private boolean pauseRequested;
    private boolean cancelRequested;
    private long lastProgressEvent;
    Future<?> future;

    Job(String id, String type, String title, JobTask task, Runnable onEvicted, Clock clock) {
        this.id = id;
        this.type = type;
        this.title = title;
        this.task = task;
        this.onEvicted = onEvicted;
        this.clock = clock;
        this.createdAt = clock.instant();
    }

    synchronized JobStatus status() {
        double fraction = state == JobState.COMPLETED ? 1.0 : total > 0 ? Math.min(1.0, done / (double) total) : 0.0;
        return new JobStatus(id, type, title, state, done, total, fraction, currentItem, List.copyOf(messages), error,
                state == JobState.COMPLETED ? result : null, createdAt, startedAt, finishedAt);
    }

    synchronized JobState state() {
        return state;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    // ---- called by the registry's worker thread

    /** @return false when the job was cancelled while queued and must not run */
    boolean start() {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            state = JobState.RUNNING;
            startedAt = clock.instant();
        }
        publish();
        return true;
    }

    void complete(Object value) {
        finish(JobState.COMPLETED, null, value);
    }

    void fail(String message) {
        finish(JobState.FAILED, message, null);
    }

    void cancelled() {
        finish(JobState.CANCELLED, null, null);
    }

    private void finish(JobState end, String message, Object value) {
        synchronized (this) {
            if (state.isTerminal()) {
                return;
            }
            state = end;
            error = message;
            result = value;
            finishedAt = clock.instant();
            if (end == JobState.COMPLETED && total > 0) {
                done = total;
            }
            currentItem = null;
            notifyAll();
        }
        publish();
    }

    // ---- JobContext, called by the task

    @Override
    public String jobId() {
        return id;
    }

    @Override
    public void progress(long doneItems, long totalItems, String item) {
        boolean publish;
        synchronized (this) {
            done = Math.max(0, doneItems);
            total = Math.max(0, totalItems);
            currentItem = item;
            long now = System.nanoTime();
            publish = now - lastProgressEvent >= PROGRESS_EVENT_NANOS || (total > 0 && done >= total);
            if (publish) {
                lastProgressEvent = now;
            }
        }
        if (publish) {
            publish();
        }
    }

    @Override
    public void message(String text) {
        synchronized (this) {
            messages.addLast(text);
            while (messages.size() > JobRegistry.MAX_MESSAGES) {
                messages.removeFirst();
            }
        }
        publish();
    }

    @Override
    public void checkpoint() {
        boolean paused = false;
        synchronized (this) {
            while (pauseRequested && !cancelRequested) {
                paused = true;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelRequested = true;
                }
            }
            if (cancelRequested) {
                throw new JobCancelledException(id);
            }
        }
        if (paused) {
            publish();
        }
    }

    @Override
    public synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    // ---- control, called from request threads

    void pause() {
        synchronized (this) {
            if (state != JobState.RUNNING) {
                throw new JobStateException(id, state, "paused");
            }
            pauseRequested = true;
            state = JobState.PAUSED; // the task stops at its next checkpoint; the current item still finishes
        }
        publish();
    }

    void resume() {
        synchronized (this) {
            if (state != JobState.PAUSED) {
                throw new JobStateException(id, state, "resumed");
            }
            pauseRequested = false;
            state = JobState.RUNNING;
            notifyAll();
        }
        publish();
    }

    /** @return true when the job had not started and is now cancelled */
    boolean cancel() {
        synchronized (this) {
            if (state.isTerminal()) {
                throw new JobStateException(id, state, "cancelled");
            }
            cancelRequested = true;
            notifyAll();
            if (state != JobState.QUEUED) {
                return false;
            }
        }
        cancelled();
        return true;
    }

    // ---- listeners

    Runnable subscribe(Consumer<JobStatus> listener) {
        synchronized (publishLock) {
            listeners.add(listener);
            listener.accept(status());
        }
        return () -> listeners.remove(listener);
    }

    private void publish() {
        synchronized (publishLock) {
            JobStatus s = status();
            for (Consumer<JobStatus> l : listeners) {
                try {
                    l.accept(s);
                } catch (RuntimeException e) {
                    listeners.remove(l); // a broken listener (a gone client) must not stop the job
                }
            }
            if (s.state().isTerminal()) {
                listeners.clear();
            }
        }
    }
}
