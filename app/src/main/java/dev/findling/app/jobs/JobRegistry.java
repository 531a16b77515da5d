package dev.findling.app.jobs;

import dev.findling.jobs.JobCancelledException;
import dev.findling.jobs.JobInterruptedException;
import dev.findling.jobs.JobRecord;
import dev.findling.jobs.JobRecordStore;
import dev.findling.jobs.JobState;
import dev.findling.jobs.JobTransitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs long work in the background and keeps its status: a fixed number of worker threads and a bounded queue (a
 * full queue refuses new jobs with {@link JobQueueFullException} instead of piling up uploads). Every job follows the
 * one lifecycle of {@code models/jobs}; pause and cancel are cooperative (tasks call
 * {@link dev.findling.jobs.JobContext#checkpoint()} between items).
 *
 * <p>With a {@link JobRecordStore}, jobs are durable: each has a record on disk, finished jobs (and their files)
 * survive restarts, and a job that was queued, running or paused when the process stopped comes back
 * {@link JobState#INTERRUPTED} — it can be resumed (its {@link JobKind} builds the task again) or deleted. Finished
 * jobs are kept until deleted, until they are older than the retention, or until more than {@code keptFinished} have
 * finished after them; then their kind's {@link JobKind#discard} frees their files.
 */
public final class JobRegistry implements AutoCloseable {
    /** How long {@link #close()} waits for running jobs to reach a checkpoint. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(JobRegistry.class);

    private final ThreadPoolExecutor executor;
    private final int maxQueued;
    private final int keptFinished;
    private final Duration retention;
    private final JobRecordStore store;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, JobKind> kinds = new ConcurrentHashMap<>();
    private final List<Consumer<JobStatus>> endListeners = new CopyOnWriteArrayList<>();

    /** Jobs in memory only (nothing survives the process); finished ones are kept by count. */
    public JobRegistry(int workers, int maxQueued, int keptFinished) {
        this(workers, maxQueued, keptFinished, null, null, Clock.systemUTC());
    }

    /**
     * @param workers      jobs running at the same time
     * @param maxQueued    jobs waiting at most
     * @param keptFinished finished jobs kept at most (the oldest go first)
     * @param retention    how long a finished job is kept; null keeps it until the count bound drops it
     * @param store        where job records live; null keeps jobs in memory only
     */
    public JobRegistry(int workers, int maxQueued, int keptFinished, Duration retention, JobRecordStore store,
                       Clock clock) {
        if (workers < 1 || maxQueued < 1 || keptFinished < 1) {
            throw new IllegalArgumentException("workers, queue and kept jobs must be positive");
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("the job retention must be positive, e.g. 7d, but is " + retention);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(maxQueued), r -> {
                    Thread t = new Thread(r, "findling-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.maxQueued = maxQueued;
        this.keptFinished = keptFinished;
        this.retention = retention;
        this.store = store;
        this.clock = clock;
        if (store != null) {
            restore();
        }
    }

    /** Jobs of the last process: finished ones as they were, active ones interrupted (and recorded so). */
    private void restore() {
        for (JobRecord r : store.loadAll()) {
            Job job = new Job(r, clock, this::save);
            synchronized (jobs) {
                jobs.put(job.id, job);
            }
            if (job.state() != r.state()) {
                log.info("Job {} ({}) was {} when the last process stopped; it is kept as interrupted", r.id(),
                        r.title(), r.state().code());
                save(job);
            }
        }
    }

    /**
     * Tells the registry how to resume and discard jobs of {@code type}. Register before the first request; jobs of a
     * type nobody registered are kept but cannot be resumed, and their records alone are removed when they go.
     */
    public void registerKind(String type, JobKind kind) {
        kinds.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(kind, "kind"));
    }

    /** A fresh job id, for work that names its files after its job before submitting it. */
    public String newId() {
        return UUID.randomUUID().toString();
    }

    /** Whether jobs are recorded on disk (and so survive this process). */
    public boolean isDurable() {
        return store != null;
    }

    /** Jobs waiting at most. */
    public int maxQueued() {
        return maxQueued;
    }

    /** Whether the queue has room now (a later {@link #submit} may still find it full). */
    public boolean hasRoom() {
        return executor.getQueue().remainingCapacity() > 0;
    }

    public JobStatus submit(String type, String title, JobTask task) {
        return submit(newId(), type, title, Map.of(), task);
    }

    /**
     * Queues a job.
     *
     * @param id     from {@link #newId()}
     * @param params what the job's {@link JobKind} needs to resume or discard it (kept in its record)
     * @throws JobQueueFullException when the queue is full; nothing of the job is kept
     */
    public JobStatus submit(String id, String type, String title, Map<String, String> params, JobTask task) {
        Objects.requireNonNull(task, "task");
        if (!JobRecordStore.isValidId(id)) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        tidy();
        Job job = new Job(id, type, title, params, task, clock, this::save);
        synchronized (jobs) {
            if (jobs.containsKey(id)) {
                throw new IllegalArgumentException("job " + id + " exists already");
            }
            jobs.put(id, job);
        }
        // The answer to a submission is the job as accepted; a worker may start it before submit() returns.
        JobStatus accepted = job.status();
        try {
            if (store != null) {
                store.save(job.record());
            }
            job.future = executor.submit(() -> run(job));
        } catch (RejectedExecutionException e) {
            forget(job);
            throw new JobQueueFullException(maxQueued);
        } catch (RuntimeException e) {
            forget(job);
            throw e;
        }
        return accepted;
    }

    private void forget(Job job) {
        synchronized (jobs) {
            jobs.remove(job.id);
        }
        deleteRecord(job.id);
    }

    private void run(Job job) {
        if (!job.lifecycle.start()) {
            return;
        }
        try {
            job.complete(job.task.run(job.lifecycle));
        } catch (JobCancelledException e) {
            job.lifecycle.cancelled();
        } catch (JobInterruptedException e) {
            log.info("Job {} ({}) was interrupted: {}", job.id, job.title, e.getMessage());
            job.lifecycle.interrupted(e.getMessage());
        } catch (Throwable e) {
            if (job.lifecycle.cancelRequested()) {
                job.lifecycle.cancelled();
            } else {
                log.warn("Job {} ({}) failed", job.id, job.title, e);
                String m = e.getMessage();
                job.lifecycle.fail(m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip());
            }
        } finally {
            notifyRanToEnd(job.status());
            tidy();
        }
    }

    /**
     * Calls {@code listener} with the final status of every job that ran on a worker (completed, failed, cancelled or
     * interrupted while running or paused) — for metrics; jobs that ended while still queued never ran and are not
     * reported. The listener runs on the worker thread and must be quick; its exceptions are logged and ignored.
     */
    public void onJobRanToEnd(Consumer<JobStatus> listener) {
        endListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void notifyRanToEnd(JobStatus status) {
        for (Consumer<JobStatus> listener : endListeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                log.warn("A job-end listener failed for job {}", status.id(), e);
            }
        }
    }

    public Optional<JobStatus> find(String id) {
        tidy();
        return job(id).map(Job::status);
    }

    /** The job's record as it stands (its params are what its kind keeps there). */
    public Optional<JobRecord> record(String id) {
        tidy();
        return job(id).map(Job::record);
    }

    /** Every kept job, newest first. */
    public List<JobStatus> list() {
        tidy();
        List<Job> copy;
        synchronized (jobs) {
            copy = new ArrayList<>(jobs.values());
        }
        List<JobStatus> out = new ArrayList<>(copy.size());
        for (int i = copy.size() - 1; i >= 0; i--) {
            out.add(copy.get(i).status());
        }
        // Resumed and restored jobs are not in creation order in the map; the sort is stable for equal times.
        out.sort(Comparator.comparing(JobStatus::createdAt, Comparator.reverseOrder()));
        return out;
    }

    public JobStatus pause(String id) {
        Job j = require(id);
        try {
            j.lifecycle.pause();
        } catch (JobTransitionException e) {
            throw new JobStateException(e);
        }
        return j.status();
    }

    /**
     * Resumes a paused job, or queues an interrupted one to run again (under the same id, from its record).
     *
     * @throws JobStateException     when the job is neither paused nor interrupted (409)
     * @throws JobQueueFullException when an interrupted job finds the queue full (503)
     */
    public JobStatus resume(String id) {
        Job j = require(id);
        if (j.state() == JobState.INTERRUPTED) {
            return rerun(j);
        }
        try {
            j.lifecycle.resume();
        } catch (JobTransitionException e) {
            throw new JobStateException(e);
        }
        return j.status();
    }

    private JobStatus rerun(Job j) {
        JobKind kind = kinds.get(j.type);
        if (kind == null) {
            throw new JobStateException(j.id, j.state(), "resumed by this server (it does not run " + j.type + " jobs)");
        }
        if (!hasRoom()) {
            throw new JobQueueFullException(maxQueued);
        }
        j.task = kind.resume(j.record());
        try {
            j.lifecycle.requeue();
        } catch (JobTransitionException e) {
            throw new JobStateException(e); // resumed or deleted by someone else meanwhile
        }
        try {
            j.future = executor.submit(() -> run(j));
        } catch (RejectedExecutionException e) {
            j.lifecycle.interrupted("the job queue was full when it was resumed; resume it again later");
            throw new JobQueueFullException(maxQueued);
        }
        return j.status();
    }

    public JobStatus cancel(String id) {
        Job j = require(id);
        try {
            if (j.lifecycle.cancel() && j.future != null) {
                j.future.cancel(false);
            }
        } catch (JobTransitionException e) {
            throw new JobStateException(e);
        }
        tidy();
        return j.status();
    }

    /**
     * Deletes a job that is not active (completed, failed, cancelled or interrupted): its record and, through its kind,
     * its files.
     *
     * @throws JobStateException when the job is queued, running or paused (409): cancel it first
     */
    public void delete(String id) {
        Job j = require(id);
        synchronized (jobs) {
            JobState s = j.state();
            if (s.isActive()) {
                throw new JobStateException(id, s, "deleted (cancel it first)");
            }
            jobs.remove(id);
        }
        discard(j);
    }

    /**
     * Calls {@code listener} with the current status now and with every change until the job ends.
     *
     * @return unsubscribes
     * @throws JobNotFoundException when the id is unknown
     */
    public Runnable subscribe(String id, Consumer<JobStatus> listener) {
        return require(id).subscribe(listener);
    }

    private Job require(String id) {
        return job(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private Optional<Job> job(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(id == null ? null : jobs.get(id));
        }
    }

    /** Drops finished jobs past the retention, then the oldest beyond {@code keptFinished}; frees their files. */
    private void tidy() {
        List<Job> gone = new ArrayList<>();
        Instant cutoff = retention == null ? null : clock.instant().minus(retention);
        synchronized (jobs) {
            List<Job> finished = new ArrayList<>();
            for (Job j : jobs.values()) {
                if (j.state().isTerminal()) {
                    finished.add(j);
                }
            }
            finished.sort(Comparator.comparing(JobRegistry::endedAt));
            for (int i = 0; i < finished.size(); i++) {
                Job j = finished.get(i);
                boolean expired = cutoff != null && endedAt(j).isBefore(cutoff);
                if (expired || i < finished.size() - keptFinished) {
                    jobs.remove(j.id);
                    gone.add(j);
                }
            }
        }
        gone.forEach(this::discard);
    }

    private static Instant endedAt(Job j) {
        JobStatus s = j.status();
        return s.finishedAt() != null ? s.finishedAt() : s.createdAt();
    }

    private void discard(Job j) {
        JobRecord record = j.record();
        deleteRecord(j.id);
        JobKind kind = kinds.get(j.type);
        if (kind != null) {
            try {
                kind.discard(record);
            } catch (RuntimeException e) {
                log.warn("Cleaning up after job {} failed", j.id, e);
            }
        }
    }

    private void save(Job job) {
        if (store == null) {
            return;
        }
        // Under the map's lock, so a deletion cannot fall between the check and the write and see its record return.
        synchronized (jobs) {
            if (!jobs.containsKey(job.id)) {
                return; // deleted or refused: no record may come back
            }
            try {
                store.save(job.record());
            } catch (RuntimeException e) {
                // The previous record stays whole (written atomically); the job goes on.
                log.warn("Cannot record job {}: {}", job.id, e.getMessage());
            }
        }
    }

    private void deleteRecord(String id) {
        if (store == null) {
            return;
        }
        try {
            store.delete(id);
        } catch (RuntimeException e) {
            log.warn("Cannot delete the record of job {}: {}", id, e.getMessage());
        }
    }

    /**
     * Stops the workers. With a record store, active jobs stop at their next checkpoint (bounded wait) and are kept as
     * interrupted — their files stay, for a resume after the restart. Without one, they are cancelled and every job's
     * files are freed, as nothing of them would survive anyway.
     */
    @Override
    public void close() {
        List<Job> all;
        synchronized (jobs) {
            all = new ArrayList<>(jobs.values());
        }
        for (Job j : all) {
            if (store != null) {
                j.lifecycle.stop();
            } else if (!j.state().isTerminal()) {
                try {
                    j.lifecycle.cancel();
                } catch (JobTransitionException ignored) {
                    // finished meanwhile
                }
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (store == null) {
            for (Job j : all) {
                JobKind kind = kinds.get(j.type);
                if (kind != null) {
                    try {
                        kind.discard(j.record());
                    } catch (RuntimeException ignored) {
                        // shutting down
                    }
                }
            }
        }
        synchronized (jobs) {
            jobs.clear();
        }
        if (store != null) {
            store.close();
        }
    }
}
