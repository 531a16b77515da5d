package dev.findling.app.library;

import dev.findling.app.TestData;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.jobs.JobState;
import dev.findling.app.jobs.JobStatus;
import dev.findling.index.IndexSettings;
import dev.findling.index.IngestMode;
import dev.findling.index.PhotoLibrary;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** An ingestion job of the registry: pause and resume reach the index run through the shared job, progress comes back. */
class IngestionTaskTest {

    @Test
    void pauseHoldsTheIndexJobAndResumeFinishesIt() throws Exception {
        Path data = TestData.newTempDir("findling-ingest-task-");
        Path album = data.resolve("album");
        DemoAlbum.write(album, 6, 11L);
        try (PhotoLibrary library = PhotoLibrary.open(data.resolve("library"), ReferencePackFixture.pack(),
                IndexSettings.defaults().withRerankThreads(1));
             JobRegistry registry = new JobRegistry(1, 4, 4)) {
            String rootId = library.addRoot(album).id();
            IngestionRuns runs = new IngestionRuns(data.resolve("library/runs.json"));
            // Occupy the worker so the ingestion job is queued when we subscribe to it.
            Object gate = new Object();
            AtomicBoolean open = new AtomicBoolean();
            registry.submit("block", "block", c -> {
                synchronized (gate) {
                    while (!open.get()) {
                        gate.wait();
                    }
                }
                return null;
            });
            JobStatus job = registry.submit(LibraryService.JOB_TYPE, "Indexing album",
                    new IngestionTask(library, runs, rootId, IngestMode.MISSING));
            // Pause the moment the job starts running: before the index job has processed anything.
            AtomicBoolean paused = new AtomicBoolean();
            registry.subscribe(job.id(), s -> {
                if (s.state() == JobState.RUNNING && paused.compareAndSet(false, true)) {
                    registry.pause(job.id());
                }
            });
            synchronized (gate) {
                open.set(true);
                gate.notifyAll();
            }
            Thread.sleep(1500);
            JobStatus held = registry.find(job.id()).orElseThrow();
            assertThat(held.state()).isEqualTo(JobState.PAUSED);
            assertThat(held.done()).isLessThan(6);
            assertThat(library.activeJobs()).singleElement()
                    .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.PAUSED));
            long doneWhilePaused = held.done();
            Thread.sleep(500);
            assertThat(registry.find(job.id()).orElseThrow().done()).isEqualTo(doneWhilePaused);

            registry.resume(job.id());
            JobStatus end = awaitEnd(registry, job.id());
            assertThat(end.state()).as(String.valueOf(end.error())).isEqualTo(JobState.COMPLETED);
            assertThat(end.done()).isEqualTo(6);
            assertThat(end.total()).isEqualTo(6);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) end.result();
            assertThat(result).containsEntry("processed", 6).containsEntry("failed", 0);
            assertThat(runs.last(rootId)).hasValueSatisfying(r -> {
                assertThat(r.state()).isEqualTo("completed");
                assertThat(r.processed()).isEqualTo(6);
            });
            assertThat(library.imageCount(rootId)).isEqualTo(6);
        }
    }

    @Test
    void cancelStopsTheIndexJobAndKeepsWhatWasCommitted() throws Exception {
        Path data = TestData.newTempDir("findling-ingest-cancel-");
        Path album = data.resolve("album");
        DemoAlbum.write(album, 4, 12L);
        try (PhotoLibrary library = PhotoLibrary.open(data.resolve("library"), ReferencePackFixture.pack(),
                IndexSettings.defaults().withRerankThreads(1));
             JobRegistry registry = new JobRegistry(1, 4, 4)) {
            String rootId = library.addRoot(album).id();
            IngestionRuns runs = new IngestionRuns(data.resolve("library/runs.json"));
            JobStatus job = registry.submit(LibraryService.JOB_TYPE, "Indexing album",
                    new IngestionTask(library, runs, rootId, IngestMode.MISSING));
            registry.subscribe(job.id(), s -> {
                if (s.state() == JobState.RUNNING) {
                    registry.pause(job.id());
                }
            });
            Thread.sleep(500);
            registry.cancel(job.id());
            JobStatus end = awaitEnd(registry, job.id());
            assertThat(end.state()).isEqualTo(JobState.CANCELLED);
            assertThat(runs.last(rootId)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("cancelled"));
            assertThat(library.activeJobs()).isEmpty();
        }
    }

    private static JobStatus awaitEnd(JobRegistry registry, String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JobStatus s = registry.find(id).orElseThrow();
            if (s.state().isTerminal()) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end");
    }
}
