package dev.findling.app.jobs;

import dev.findling.jobs.JobRecord;
import dev.findling.jobs.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** State transitions of the registry with real threads; waits are bounded and event-driven, not timed. */
class JobRegistryTest {
    private final JobRegistry registry = new JobRegistry(1, 2, 3);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aJobRunsReportsProgressAndKeepsItsResult() throws Exception {
        List<JobState> seen = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        JobStatus submitted = registry.submit("test", "three items", ctx -> {
            go.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                ctx.checkpoint();
                ctx.progress(i + 1, 3, "item " + i);
            }
            ctx.message("all done");
            return Map.of("items", 3);
        });
        assertThat(submitted.state()).isEqualTo(JobState.QUEUED);
        registry.subscribe(submitted.id(), s -> seen.add(s.state()));
        go.countDown();
        JobStatus end = awaitState(submitted.id(), JobState::isTerminal);
        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.done()).isEqualTo(3);
        assertThat(end.total()).isEqualTo(3);
        assertThat(end.fraction()).isEqualTo(1.0);
        assertThat(end.messages()).containsExactly("all done");
        assertThat(end.result()).isEqualTo(Map.of("items", 3));
        assertThat(end.startedAt()).isNotNull();
        assertThat(end.finishedAt()).isNotNull();
        assertThat(seen.get(0)).isIn(JobState.QUEUED, JobState.RUNNING); // the worker may have picked it up already
        assertThat(seen).contains(JobState.RUNNING).endsWith(JobState.COMPLETED).containsOnlyOnce(JobState.COMPLETED);
        assertThat(registry.list()).extracting(JobStatus::id).containsExactly(submitted.id());
    }

    @Test
    void pauseHoldsTheTaskAtItsCheckpointAndResumeLetsItFinish() throws Exception {
        AtomicInteger items = new AtomicInteger();
        CountDownLatch firstItem = new CountDownLatch(1);
        CountDownLatch paused = new CountDownLatch(1);
        JobStatus job = registry.submit("test", "pausable", ctx -> {
            for (int i = 0; i < 5; i++) {
                ctx.checkpoint();
                items.incrementAndGet();
                if (i == 0) {
                    firstItem.countDown();
                    paused.await(10, TimeUnit.SECONDS);
                }
            }
            return null;
        });
        assertThat(firstItem.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.pause(job.id()).state()).isEqualTo(JobState.PAUSED);
        paused.countDown();
        // The task now blocks in checkpoint() before item 2; give it every chance to (wrongly) go on.
        awaitCondition(() -> Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(e -> e.getKey().getName().startsWith("findling-job") && e.getKey().getState() == Thread.State.WAITING
                        && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("checkpoint"))));
        assertThat(items.get()).isEqualTo(1);
        assertThat(registry.find(job.id()).orElseThrow().state()).isEqualTo(JobState.PAUSED);
        assertThatThrownBy(() -> registry.pause(job.id())).isInstanceOf(JobStateException.class);
        assertThat(registry.resume(job.id()).state()).isIn(JobState.RUNNING, JobState.COMPLETED);
        assertThat(awaitState(job.id(), JobState::isTerminal).state()).isEqualTo(JobState.COMPLETED);
        assertThat(items.get()).isEqualTo(5);
    }

    @Test
    void cancelStopsARunningJobAtItsNextCheckpointAndAQueuedOneAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();
        JobStatus running = registry.submit("test", "endless", ctx -> {
            started.countDown();
            while (true) {
                ctx.checkpoint();
                Thread.sleep(5);
            }
        });
        JobStatus queued = registry.submit("test", "never runs", ctx -> {
            queuedRan.set(true);
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        JobStatus cancelledQueued = registry.cancel(queued.id());
        assertThat(cancelledQueued.state()).isEqualTo(JobState.CANCELLED);
        registry.cancel(running.id());
        assertThat(awaitState(running.id(), JobState::isTerminal).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queuedRan).isFalse();
        assertThatThrownBy(() -> registry.cancel(running.id())).isInstanceOf(JobStateException.class);
        assertThatThrownBy(() -> registry.resume(running.id())).isInstanceOf(JobStateException.class);
    }

    @Test
    void aFailingTaskFailsTheJobWithItsMessage() throws Exception {
        JobStatus job = registry.submit("test", "broken", ctx -> {
            throw new IllegalStateException("disk full");
        });
        JobStatus end = awaitState(job.id(), JobState::isTerminal);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.error()).isEqualTo("disk full");
        assertThat(end.result()).isNull();
    }

    @Test
    void onlyTheMostRecentFinishedJobsAreKeptAndEvictionFreesTheirFiles() throws Exception {
        List<String> evicted = new CopyOnWriteArrayList<>();
        registry.registerKind("test", new JobKind() {
            @Override
            public JobTask resume(JobRecord record) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void discard(JobRecord record) {
                evicted.add(record.title());
            }
        });
        String first = null;
        for (int i = 0; i < 4; i++) {
            String title = "job " + i;
            JobStatus s = registry.submit("test", title, ctx -> title);
            awaitState(s.id(), JobState::isTerminal);
            if (i == 0) {
                first = s.id();
            }
        }
        awaitCondition(() -> !evicted.isEmpty());
        assertThat(evicted).containsExactly("job 0");
        assertThat(registry.find(first)).isEmpty();
        assertThat(registry.list()).hasSize(3);
        assertThatThrownBy(() -> registry.subscribe("no-such-job", s -> { })).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void aFullQueueRefusesNewJobs() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        registry.submit("test", "busy", ctx -> {
            started.countDown();
            hold.await(10, TimeUnit.SECONDS);
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        registry.submit("test", "waiting 1", ctx -> null);
        registry.submit("test", "waiting 2", ctx -> null);
        int before = registry.list().size();
        assertThatThrownBy(() -> registry.submit("test", "one too many", ctx -> null))
                .isInstanceOf(JobQueueFullException.class);
        assertThat(registry.list()).hasSize(before);
        hold.countDown();
    }

    private JobStatus awaitState(String id, Predicate<JobState> condition) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        Runnable unsubscribe = registry.subscribe(id, s -> {
            if (condition.test(s.state())) {
                reached.countDown();
            }
        });
        try {
            assertThat(reached.await(20, TimeUnit.SECONDS)).as("job %s reaches the state", id).isTrue();
        } finally {
            unsubscribe.run();
        }
        return registry.find(id).orElseThrow();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
