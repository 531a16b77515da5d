package dev.findling.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * One job's state machine, shared by everything that runs long work: the task reports through it as its
 * {@link JobContext}; the driver (the app's registry, or a library's own runner for the CLI) moves it with
 * {@link #start()}, {@link #complete()}, {@link #fail(String)}, {@link #cancelled()}; people control it with
 * {@link #pause()}, {@link #resume()}, {@link #cancel()}.
 *
 * <p>Pause and cancel are requests honoured at the task's next {@link #checkpoint(Runnable)}: the state says
 * {@code paused} at once, the current item still finishes. {@link #stop()} is the process going away: the task
 * stops at its next checkpoint like a cancel, and the job ends {@code interrupted}, so it can be resumed later.
 *
 * <p>Changes go to one {@link Observer}, in order, outside the state lock: a slow observer never holds up
 * {@link #snapshot()} callers or the task's state changes (only the publication of later ones).
 */
public final class JobLifecycle implements JobContext {
    /** Messages kept per job, the most recent ones. */
    public static final int MAX_MESSAGES = 50;
    /** Progress is published at most this often; state changes always are. */
    private static final long PROGRESS_EVENT_NANOS = 100_000_000L;

    /** Hears every published change. */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = (job, stateChanged) -> {
        };

        /** @param stateChanged true for a change of state, false for progress and messages */
        void changed(JobLifecycle job, boolean stateChanged);
    }

    /**
     * The job at one moment.
     *
     * @param done        items finished
     * @param total       items in all; 0 while unknown
     * @param currentItem what is being worked on; null when nothing is
     * @param messages    recent messages, oldest first
     * @param error       why the job failed or was interrupted; null otherwise
     */
    public record Snapshot(String id, JobState state, long done, long total, String currentItem, List<String> messages,
                           String error, Instant createdAt, Instant startedAt, Instant finishedAt) {
        public Snapshot {
            messages = List.copyOf(messages);
        }

        /** done / total in [0, 1]: 1 when completed, 0 while the total is unknown. */
        public double fraction() {
            return state == JobState.COMPLETED ? 1.0 : total > 0 ? Math.min(1.0, done / (double) total) : 0.0;
        }
    }

    private final String id;
    private final Clock clock;
    private final Observer observer;
    private final Object publishLock = new Object();

    private JobState state;
    private long done;
    private long total;
    private String currentItem;
    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private String error;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private boolean pauseRequested;
    private boolean cancelRequested;
    private boolean stopping;
    private long lastProgressEvent;

    /** A new, queued job. */
    public JobLifecycle(String id, Clock clock, Observer observer) {
        this.id = Objects.requireNonNull(id, "id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = observer == null ? Observer.NONE : observer;
        this.state = JobState.QUEUED;
        this.createdAt = clock.instant();
    }

    /**
     * A job as a record left it. A job the record shows queued, running or paused had its process stop under it:
     * it comes back {@link JobState#INTERRUPTED}, with what it had done.
     */
    public static JobLifecycle restore(Snapshot recorded, Clock clock, Observer observer) {
        JobLifecycle j = new JobLifecycle(recorded.id(), clock, observer);
        j.state = recorded.state();
        j.done = recorded.done();
        j.total = recorded.total();
        j.currentItem = recorded.currentItem();
        j.messages.addAll(recorded.messages());
        j.error = recorded.error();
        j.createdAt = recorded.createdAt() != null ? recorded.createdAt() : j.createdAt;
        j.startedAt = recorded.startedAt();
        j.finishedAt = recorded.finishedAt();
        if (j.state.isActive()) {
            j.state = JobState.INTERRUPTED;
            j.currentItem = null;
            j.finishedAt = clock.instant();
            j.error = "the process stopped while the job was " + recorded.state().code();
        }
        return j;
    }

    public String id() {
        return id;
    }

    public synchronized JobState state() {
        return state;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(id, state, done, total, currentItem, List.copyOf(messages), error, createdAt, startedAt,
                finishedAt);
    }

    // ---- the driver

    /** queued → running. @return false when the job is no longer queued (cancelled or stopped meanwhile) */
    public boolean start() {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            state = JobState.RUNNING;
            startedAt = clock.instant();
        }
        publish(true);
        return true;
    }

    public void complete() {
        finish(JobState.COMPLETED, null);
    }

    public void fail(String message) {
        finish(JobState.FAILED, message);
    }

    /** The task stopped because cancel (or {@link #stop()}) was asked: cancelled, or interrupted when stopping. */
    public void cancelled() {
        boolean interrupted;
        synchronized (this) {
            interrupted = stopping;
        }
        if (interrupted) {
            finish(JobState.INTERRUPTED, "the process stopped while the job ran");
        } else {
            finish(JobState.CANCELLED, null);
        }
    }

    /** The task stopped because something it needs went away (its process, its library): it can run again. */
    public void interrupted(String message) {
        finish(JobState.INTERRUPTED, message);
    }

    /** interrupted → queued, to run again under the same id. */
    public void requeue() {
        synchronized (this) {
            if (state != JobState.INTERRUPTED) {
                throw new JobTransitionException(id, state, "resumed");
            }
            state = JobState.QUEUED;
            pauseRequested = false;
            cancelRequested = false;
            stopping = false;
            error = null;
            finishedAt = null;
            startedAt = null;
        }
        publish(true);
    }

    /**
     * The process is stopping: a queued job is interrupted at once, a running or paused one at its next checkpoint.
     *
     * @return true when the job had not started and is now interrupted
     */
    public boolean stop() {
        synchronized (this) {
            if (state.isTerminal()) {
                return false;
            }
            stopping = true;
            cancelRequested = true;
            notifyAll();
            if (state != JobState.QUEUED) {
                return false;
            }
        }
        finish(JobState.INTERRUPTED, "the process stopped before the job ran");
        return true;
    }

    private void finish(JobState end, String message) {
        synchronized (this) {
            if (state.isTerminal()) {
                return;
            }
            state = end;
            error = message;
            finishedAt = clock.instant();
            if (end == JobState.COMPLETED && total > 0) {
                done = total;
            }
            currentItem = null;
            notifyAll();
        }
        publish(true);
    }

    // ---- people

    /** running → paused; the task stops at its next checkpoint, the current item still finishes. */
    public void pause() {
        synchronized (this) {
            if (state != JobState.RUNNING) {
                throw new JobTransitionException(id, state, "paused");
            }
            pauseRequested = true;
            state = JobState.PAUSED;
        }
        publish(true);
    }

    /** paused → running. */
    public void resume() {
        synchronized (this) {
            if (state != JobState.PAUSED) {
                throw new JobTransitionException(id, state, "resumed");
            }
            pauseRequested = false;
            state = JobState.RUNNING;
            notifyAll();
        }
        publish(true);
    }

    /**
     * A queued job is cancelled at once; a running or paused one at its next checkpoint.
     *
     * @return true when the job had not started and is now cancelled
     */
    public boolean cancel() {
        synchronized (this) {
            if (state.isTerminal()) {
                throw new JobTransitionException(id, state, "cancelled");
            }
            cancelRequested = true;
            notifyAll();
            if (state != JobState.QUEUED) {
                return false;
            }
        }
        finish(JobState.CANCELLED, null);
        return true;
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
            publish(false);
        }
    }

    @Override
    public void message(String text) {
        synchronized (this) {
            messages.addLast(text);
            while (messages.size() > MAX_MESSAGES) {
                messages.removeFirst();
            }
        }
        publish(false);
    }

    @Override
    public void checkpoint(Runnable beforePause) {
        synchronized (this) {
            if (cancelRequested) {
                throw new JobCancelledException(id);
            }
            if (!pauseRequested) {
                return;
            }
        }
        beforePause.run(); // outside the lock: making work durable may take a while, status reads must not wait
        synchronized (this) {
            while (pauseRequested && !cancelRequested) {
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
    }

    @Override
    public synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    private void publish(boolean stateChanged) {
        synchronized (publishLock) {
            observer.changed(this, stateChanged);
        }
    }
}
