package dev.findling.jobs;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobLifecycleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void aPauseRunsTheBeforePauseHookThenHoldsTheTaskUntilResumed() throws Exception {
        List<JobState> states = new CopyOnWriteArrayList<>();
        JobLifecycle job = new JobLifecycle("j1", CLOCK, (j, changed) -> {
            if (changed) {
                states.add(j.state());
            }
        });
        assertTrue(job.start());
        AtomicInteger durable = new AtomicInteger();
        CountDownLatch atCheckpoint = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread task = new Thread(() -> {
            try {
                job.progress(1, 3, "a");
                atCheckpoint.countDown();
                job.checkpoint(durable::incrementAndGet);
                job.progress(2, 3, "b");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        job.pause();
        task.start();
        assertTrue(atCheckpoint.await(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (durable.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, durable.get(), "the work was made durable before the pause");
        Thread.sleep(50);
        assertTrue(task.isAlive(), "the task waits while paused");
        assertEquals(1, job.snapshot().done());
        job.resume();
        task.join(5000);
        assertNull(failure.get());
        assertEquals(2, job.snapshot().done());
        job.complete();
        assertEquals(List.of(JobState.RUNNING, JobState.PAUSED, JobState.RUNNING, JobState.COMPLETED), states);
        assertEquals(1.0, job.snapshot().fraction());
        assertEquals(3, job.snapshot().done(), "a completed job has done everything");
    }

    @Test
    void cancelEndsAQueuedJobAtOnceAndARunningOneAtItsCheckpointEvenWhilePaused() throws Exception {
        JobLifecycle queued = new JobLifecycle("q", CLOCK, null);
        assertTrue(queued.cancel());
        assertEquals(JobState.CANCELLED, queued.state());
        assertFalse(queued.start(), "a cancelled job never starts");

        JobLifecycle running = new JobLifecycle("r", CLOCK, null);
        running.start();
        running.pause();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread task = new Thread(() -> {
            try {
                running.checkpoint();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        task.start();
        Thread.sleep(50);
        assertFalse(running.cancel());
        task.join(5000);
        assertInstanceOf(JobCancelledException.class, thrown.get());
        running.cancelled();
        assertEquals(JobState.CANCELLED, running.state());
    }

    @Test
    void transitionsTheStateDoesNotAllowAreRefusedWithTheState() {
        JobLifecycle job = new JobLifecycle("j", CLOCK, null);
        JobTransitionException e = assertThrows(JobTransitionException.class, job::pause);
        assertEquals(JobState.QUEUED, e.state());
        assertEquals("Job 'j' is queued and cannot be paused.", e.getMessage());
        job.start();
        assertThrows(JobTransitionException.class, job::resume);
        job.fail("broken");
        assertEquals("broken", job.snapshot().error());
        assertThrows(JobTransitionException.class, job::cancel);
        assertThrows(JobTransitionException.class, job::requeue, "only an interrupted job runs again");
    }

    @Test
    void stoppingTheProcessInterruptsJobsInsteadOfCancellingThem() {
        JobLifecycle queued = new JobLifecycle("q", CLOCK, null);
        assertTrue(queued.stop());
        assertEquals(JobState.INTERRUPTED, queued.state());

        JobLifecycle running = new JobLifecycle("r", CLOCK, null);
        running.start();
        assertFalse(running.stop());
        assertThrows(JobCancelledException.class, running::checkpoint);
        running.cancelled();
        assertEquals(JobState.INTERRUPTED, running.state());

        running.requeue();
        assertEquals(JobState.QUEUED, running.state());
        assertTrue(running.start());
        running.checkpoint(); // the stop request is gone with the new run
        running.complete();
        assertEquals(JobState.COMPLETED, running.state());
    }

    @Test
    void aRecordOfAnActiveJobComesBackInterruptedWithWhatItHadDone() {
        JobLifecycle.Snapshot recorded = new JobLifecycle.Snapshot("x", JobState.RUNNING, 7, 20, "img-8.jpg",
                List.of("started"), null, Instant.parse("2026-12-06T07:00:00Z"), Instant.parse("2026-12-06T07:00:01Z"), null);
        JobLifecycle job = JobLifecycle.restore(recorded, CLOCK, null);
        JobLifecycle.Snapshot s = job.snapshot();
        assertEquals(JobState.INTERRUPTED, s.state());
        assertEquals(7, s.done());
        assertEquals(20, s.total());
        assertNull(s.currentItem());
        assertEquals(List.of("started"), s.messages());
        assertEquals(CLOCK.instant(), s.finishedAt());
        assertEquals("the process stopped while the job was running", s.error());

        JobLifecycle.Snapshot completed = new JobLifecycle.Snapshot("y", JobState.COMPLETED, 20, 20, null, List.of(),
                null, CLOCK.instant(), CLOCK.instant(), CLOCK.instant());
        assertEquals(completed, JobLifecycle.restore(completed, CLOCK, null).snapshot());
    }
}
