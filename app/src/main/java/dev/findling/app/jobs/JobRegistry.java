package dev.findling.app.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs long work in the background and keeps its status: a fixed number of worker threads and a bounded
 * queue (a full queue refuses new jobs with {@link JobQueueFullException} instead of piling up uploads),
 * and the most recent finished jobs kept so their results can still be fetched — older ones are evicted
 * and their {@code onEvicted} hook frees what they left on disk.
 *
 * <p>Pause and cancel are cooperative: tasks call {@link JobContext#checkpoint()} between items.
 */
public final class JobRegistry implements AutoCloseable {
    static final int MAX_MESSAGES = 50;
    private static final Logger log = LoggerFactory.getLogger(JobRegistry.class);

    private final ThreadPoolExecutor executor;
    private final int maxQueued;
    private final int keptFinished;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<Consumer<JobStatus>> endListeners = new CopyOnWriteArrayList<>();

    /**
     * @param workers      jobs running at the same time
     * @param maxQueued    jobs waiting at most
     * @param keptFinished finished jobs kept for their results
     */
    public JobRegistry(int workers, int maxQueued, int keptFinished) {
        this(workers, maxQueued, keptFinished, Clock.systemUTC());
    }

    JobRegistry(int workers, int maxQueued, int keptFinished, Clock clock) {
        if (workers < 1 || maxQueued < 1 || keptFinished < 1) {
            throw new IllegalArgumentException("workers, queue and kept jobs must be positive");
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
        this.clock = clock;
    }

    /** Submits a job; {@code onEvicted} (may be null) runs when the finished job is dropped from the registry. */
    public JobStatus submit(String type, String title, JobTask task, Runnable onEvicted) {
        Objects.requireNonNull(task, "task");
        Job job = new Job(UUID.randomUUID().toString(), type, title, task, onEvicted, clock);
        synchronized (jobs) {
            jobs.put(job.id, job);
        }
        // The answer to a submission is the job as accepted; a worker may start it before submit() returns.
        JobStatus accepted = job.status();
        try {
            job.future = executor.submit(() -> run(job));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id);
            }
            throw new JobQueueFullException(maxQueued);
        }
        return accepted;
    }

    public JobStatus submit(String type, String title, JobTask task) {
        return submit(type, title, task, null);
    }

    private void run(Job job) {
        if (!job.start()) {
            return;
        }
        try {
            job.complete(job.task.run(job));
        } catch (JobCancelledException e) {
            job.cancelled();
        } catch (Throwable e) {
            if (job.cancelRequested()) {
                job.cancelled();
            } else {
                log.warn("Job {} ({}) failed", job.id, job.title, e);
                String m = e.getMessage();
                job.fail(m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip());
            }
        } finally {
            notifyRanToEnd(job.status());
            evictOldFinished();
        }
    }

    /**
     * Calls {@code listener} with the final status of every job that ran on a worker (completed, failed, or
     * cancelled while running or paused) — for metrics; jobs cancelled while still queued never ran and are not
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
        return job(id).map(Job::status);
    }

    /** Every kept job, newest first. */
    public List<JobStatus> list() {
        List<Job> copy;
        synchronized (jobs) {
            copy = new ArrayList<>(jobs.values());
        }
        List<JobStatus> out = new ArrayList<>(copy.size());
        for (int i = copy.size() - 1; i >= 0; i--) {
            out.add(copy.get(i).status());
        }
        return out;
    }

    public JobStatus pause(String id) {
        Job j = require(id);
        j.pause();
        return j.status();
    }

    public JobStatus resume(String id) {
        Job j = require(id);
        j.resume();
        return j.status();
    }

    public JobStatus cancel(String id) {
        Job j = require(id);
        if (j.cancel() && j.future != null) {
            j.future.cancel(false);
            evictOldFinished();
        }
        return j.status();
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

    private void evictOldFinished() {
        List<Job> evicted = new ArrayList<>();
        synchronized (jobs) {
            List<Job> finished = jobs.values().stream().filter(j -> j.state().isTerminal())
                    .sorted(Comparator.comparing(Job::finishedAt)).toList();
            for (int i = 0; i < finished.size() - keptFinished; i++) {
                jobs.remove(finished.get(i).id);
                evicted.add(finished.get(i));
            }
        }
        for (Job j : evicted) {
            if (j.onEvicted != null) {
                try {
                    j.onEvicted.run();
                } catch (RuntimeException e) {
                    log.warn("Cleaning up after job {} failed", j.id, e);
                }
            }
        }
    }

    /** Cancels what is still running and stops the workers; finished jobs' eviction hooks run. */
    @Override
    public void close() {
        List<Job> all;
        synchronized (jobs) {
            all = new ArrayList<>(jobs.values());
        }
        for (Job j : all) {
            if (!j.state().isTerminal()) {
                try {
                    j.cancel();
                } catch (JobStateException ignored) {
                    // finished meanwhile
                }
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (Iterator<Job> it = all.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (j.onEvicted != null) {
                try {
                    j.onEvicted.run();
                } catch (RuntimeException ignored) {
                    // shutting down
                }
            }
        }
        synchronized (jobs) {
            jobs.clear();
        }
    }
}
