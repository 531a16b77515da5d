package dev.findling.app.jobs;

import dev.findling.jobs.JobRecord;
import dev.findling.jobs.JobRecordStore;
import dev.findling.jobs.JobState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jobs with records on disk: what a restart, a crash, a deletion and the retention do to them. */
class DurableJobRegistryTest {
    private static final Duration RETENTION = Duration.ofDays(7);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
    private final List<String> discarded = new CopyOnWriteArrayList<>();

    private JobRegistry open() {
        JobRegistry r = new JobRegistry(1, 2, 50, RETENTION, new JobRecordStore(dir), clock);
        r.registerKind("test", new JobKind() {
            @Override
            public JobTask resume(JobRecord record) {
                return ctx -> Map.of("again", record.params().get("item"));
            }

            @Override
            public void discard(JobRecord record) {
                discarded.add(record.id());
            }
        });
        return r;
    }

    @Test
    void aCompletedJobAndItsResultSurviveARestart() throws Exception {
        String id;
        try (JobRegistry registry = open()) {
            id = registry.submit(registry.newId(), "test", "kept", Map.of("item", "a"), ctx -> {
                ctx.progress(2, 2, null);
                return Map.of("zip", "/x/result.zip", "kept", 2);
            }).id();
            awaitState(registry, id, JobState.COMPLETED);
        }
        assertThat(discarded).as("a shutdown frees nothing of durable jobs").isEmpty();
        try (JobRegistry restarted = open()) {
            JobStatus s = restarted.find(id).orElseThrow();
            assertThat(s.state()).isEqualTo(JobState.COMPLETED);
            assertThat(s.result()).isEqualTo(Map.of("zip", "/x/result.zip", "kept", 2));
            assertThat(s.done()).isEqualTo(2);
            assertThat(restarted.record(id).orElseThrow().params()).isEqualTo(Map.of("item", "a"));
            assertThat(restarted.list()).extracting(JobStatus::id).containsExactly(id);
        }
    }

    @Test
    void aJobACrashLeftRunningComesBackInterruptedAndCanBeResumedOrDeleted() throws Exception {
        // A crash: the records say running and queued, and no process runs them.
        Instant then = clock.instant().minusSeconds(60);
        try (JobRecordStore store = new JobRecordStore(dir)) {
            store.save(new JobRecord("crashed-1", "test", "was running", JobState.RUNNING, 3, 10, "img-4.jpg",
                    List.of("started"), null, null, Map.of("item", "b"), then, then, null));
            store.save(new JobRecord("crashed-2", "test", "was queued", JobState.QUEUED, 0, 0, null, List.of(), null,
                    null, Map.of("item", "c"), then.plusSeconds(1), null, null));
        }
        try (JobRegistry registry = open()) {
            JobStatus s = registry.find("crashed-1").orElseThrow();
            assertThat(s.state()).isEqualTo(JobState.INTERRUPTED);
            assertThat(s.done()).isEqualTo(3);
            assertThat(s.error()).isEqualTo("the process stopped while the job was running");
            assertThat(Files.readString(dir.resolve("crashed-1.json"))).contains("\"state\" : \"interrupted\"");
            assertThat(registry.find("crashed-2").orElseThrow().state()).isEqualTo(JobState.INTERRUPTED);
            assertThatThrownBy(() -> registry.pause("crashed-1")).isInstanceOf(JobStateException.class);
            assertThatThrownBy(() -> registry.cancel("crashed-1")).isInstanceOf(JobStateException.class);

            assertThat(registry.resume("crashed-1").state()).isIn(JobState.QUEUED, JobState.RUNNING, JobState.COMPLETED);
            JobStatus again = awaitState(registry, "crashed-1", JobState.COMPLETED);
            assertThat(again.result()).isEqualTo(Map.of("again", "b"));

            registry.delete("crashed-2");
            assertThat(registry.find("crashed-2")).isEmpty();
            assertThat(dir.resolve("crashed-2.json")).doesNotExist();
            assertThat(discarded).containsExactly("crashed-2");
            assertThatThrownBy(() -> registry.delete("crashed-2")).isInstanceOf(JobNotFoundException.class);
        }
    }

    @Test
    void aShutdownInterruptsRunningAndQueuedJobsInsteadOfCancellingThem() throws Exception {
        String running;
        String queued;
        CountDownLatch started = new CountDownLatch(1);
        try (JobRegistry registry = open()) {
            running = registry.submit("test", "endless", ctx -> {
                started.countDown();
                while (true) {
                    ctx.checkpoint();
                    Thread.sleep(5);
                }
            }).id();
            queued = registry.submit("test", "waiting", ctx -> null).id();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (JobRegistry restarted = open()) {
            assertThat(restarted.find(running).orElseThrow().state()).isEqualTo(JobState.INTERRUPTED);
            assertThat(restarted.find(queued).orElseThrow().state()).isEqualTo(JobState.INTERRUPTED);
            assertThatThrownBy(() -> restarted.delete("no-such-job")).isInstanceOf(JobNotFoundException.class);
        }
        assertThat(discarded).isEmpty();
    }

    @Test
    void anActiveJobCannotBeDeleted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (JobRegistry registry = open()) {
            String id = registry.submit("test", "busy", ctx -> {
                release.await(10, TimeUnit.SECONDS);
                return null;
            }).id();
            assertThatThrownBy(() -> registry.delete(id)).isInstanceOf(JobStateException.class)
                    .hasMessageContaining("cancel it first");
            release.countDown();
            awaitState(registry, id, JobState.COMPLETED);
            registry.delete(id);
            assertThat(discarded).containsExactly(id);
        }
    }

    @Test
    void finishedJobsExpireWithTheirFilesAfterTheRetention() throws Exception {
        try (JobRegistry registry = open()) {
            String old = registry.submit("test", "old", ctx -> "x").id();
            awaitState(registry, old, JobState.COMPLETED);
            clock.advance(RETENTION.minusHours(1));
            String young = registry.submit("test", "young", ctx -> "y").id();
            awaitState(registry, young, JobState.COMPLETED);
            assertThat(registry.list()).hasSize(2);
            clock.advance(Duration.ofHours(2));
            assertThat(registry.list()).extracting(JobStatus::id).containsExactly(young);
            assertThat(discarded).containsExactly(old);
            assertThat(dir.resolve(old + ".json")).doesNotExist();
        }
        try (JobRegistry restarted = open()) {
            assertThat(restarted.list()).hasSize(1);
        }
    }

    @Test
    void aRefusedSubmissionLeavesNoRecord() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (JobRegistry registry = open()) {
            registry.submit("test", "busy", ctx -> {
                started.countDown();
                release.await(10, TimeUnit.SECONDS);
                return null;
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            registry.submit("test", "waiting 1", ctx -> null);
            registry.submit("test", "waiting 2", ctx -> null);
            assertThat(registry.hasRoom()).isFalse();
            String refused = registry.newId();
            assertThatThrownBy(() -> registry.submit(refused, "test", "one too many", Map.of(), ctx -> null))
                    .isInstanceOf(JobQueueFullException.class);
            assertThat(dir.resolve(refused + ".json")).doesNotExist();
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(3);
            }
            release.countDown();
        }
    }

    private static JobStatus awaitState(JobRegistry registry, String id, JobState state) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        AtomicReference<JobStatus> last = new AtomicReference<>();
        Runnable unsubscribe = registry.subscribe(id, s -> {
            last.set(s);
            if (s.state() == state) {
                reached.countDown();
            }
        });
        try {
            assertThat(reached.await(20, TimeUnit.SECONDS)).as("job %s reaches %s (last %s)", id, state, last).isTrue();
        } finally {
            unsubscribe.run();
        }
        return registry.find(id).orElseThrow();
    }

    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
