package dev.findling.app.jobs;

import dev.findling.jobs.JobLifecycle;
import dev.findling.jobs.JobRecord;
import dev.findling.jobs.JobState;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One job of the registry: the shared {@link JobLifecycle} plus what the app knows about it (type, title, params,
 * result), its event listeners and its record. Every state change is written to the record at once; progress at most
 * every {@link #PROGRESS_SAVE_NANOS}, so a crash loses at most that much of the progress shown, never the job.
 */
final class Job {
    private static final long PROGRESS_SAVE_NANOS = 1_000_000_000L;

    /** Writes a job's record; failures are the registry's to log. */
    interface Recorder {
        void save(Job job);
    }

    final String id;
    final String type;
    final String title;
    final Map<String, String> params;
    final JobLifecycle lifecycle;
    private final Recorder recorder;
    private final CopyOnWriteArrayList<Consumer<JobStatus>> listeners = new CopyOnWriteArrayList<>();
    private final Object listenerLock = new Object();
    private volatile Object result;
    private long lastSave;
    volatile JobTask task;
    volatile Future<?> future;

    /** A new, queued job. */
    Job(String id, String type, String title, Map<String, String> params, JobTask task, Clock clock, Recorder recorder) {
        this.id = id;
        this.type = type;
        this.title = title;
        this.params = Map.copyOf(params);
        this.task = task;
        this.recorder = recorder;
        this.lifecycle = new JobLifecycle(id, clock, this::changed);
    }

    /** A job as its record left it (an active one comes back interrupted). */
    Job(JobRecord record, Clock clock, Recorder recorder) {
        this.id = record.id();
        this.type = record.type();
        this.title = record.title();
        this.params = record.params();
        this.recorder = recorder;
        this.result = record.result();
        this.lifecycle = JobLifecycle.restore(record.snapshot(), clock, this::changed);
    }

    JobStatus status() {
        JobLifecycle.Snapshot s = lifecycle.snapshot();
        return new JobStatus(s.id(), type, title, s.state(), s.done(), s.total(), s.fraction(), s.currentItem(),
                List.copyOf(s.messages()), s.error(), s.state() == JobState.COMPLETED ? result : null, s.createdAt(),
                s.startedAt(), s.finishedAt());
    }

    JobRecord record() {
        JobLifecycle.Snapshot s = lifecycle.snapshot();
        return JobRecord.of(s, type, title, s.state() == JobState.COMPLETED ? result : null, params);
    }

    JobState state() {
        return lifecycle.state();
    }

    /** The task's result becomes part of the status (and the record) together with the state {@code completed}. */
    void complete(Object value) {
        result = value;
        lifecycle.complete();
    }

    Runnable subscribe(Consumer<JobStatus> listener) {
        synchronized (listenerLock) {
            listeners.add(listener);
            listener.accept(status());
        }
        return () -> listeners.remove(listener);
    }

    /** From the lifecycle, in order, outside its state lock. */
    private void changed(JobLifecycle l, boolean stateChanged) {
        JobStatus s = status();
        long now = System.nanoTime();
        if (stateChanged || now - lastSave >= PROGRESS_SAVE_NANOS) {
            lastSave = now;
            recorder.save(this);
        }
        synchronized (listenerLock) {
            for (Consumer<JobStatus> listener : listeners) {
                try {
                    listener.accept(s);
                } catch (RuntimeException e) {
                    listeners.remove(listener); // a broken listener (a gone client) must not stop the job
                }
            }
            if (s.state().isTerminal()) {
                listeners.clear();
            }
        }
    }
}
