package dev.findling.app.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.ChildServer;
import dev.findling.app.TestData;
import dev.findling.index.IndexSettings;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestMode;
import dev.findling.index.IngestProgress;
import dev.findling.jobs.JobState;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.models.ModelPack;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server stopped with SIGTERM while it ingests the demo album (what Ctrl+C or a service manager does): the JVM
 * exits through its shutdown hooks without a native crash — no {@code hs_err_pid*.log}, no SIGSEGV in
 * libonnxruntime — and the next run resumes the ingestion from the library as the shutdown left it.
 */
class ShutdownDuringIngestionTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sigtermMidIngestionExitsCleanlyAndTheNextRunResumes() throws Exception {
        Path work = TestData.newTempDir("findling-sigterm-");
        Path data = work.resolve("data");
        Path pack = ReferencePackFixture.directory();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ChildServer child = ChildServer.start(List.of(ChildServer.java(),
                "-Xmx1g", "-Dfindling.demo.enabled=true", "-cp", classpath, "dev.findling.app.cli.Main",
                "--data-dir", data.toString(), "--pack-dir", pack.toString(), "serve", "--port", "0"),
                work, Duration.ofMinutes(3));
        boolean sawRunningIngestion;
        try {
            sawRunningIngestion = awaitRunningIngestion(child.port());
            // SIGTERM: the JVM runs its shutdown hooks (Spring closes the context). Through the handle, because
            // Process.destroy() also closes the pipes, and the shutdown's log lines would be lost.
            child.process().toHandle().destroy();
            assertThat(child.process().waitFor(3, TimeUnit.MINUTES)).as("the server stops within its bounded waits").isTrue();
        } finally {
            child.close();
        }
        String log = child.log();
        assertThat(sawRunningIngestion).as("SIGTERM arrived while the demo album was being ingested:\n%s", log).isTrue();
        assertThat(child.process().exitValue()).as(log).isIn(0, 143);
        assertThat(log).doesNotContain("SIGSEGV", "A fatal error has been detected");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err_pid"));
        }
        assertThat(log).contains("Closed the photo library");

        // The next run picks up where the stopped one left off and completes the album.
        try (ModelPack modelPack = ModelPack.open(pack, ExecutionSettings.defaults());
             PhotoLibrary library = PhotoLibrary.open(data.resolve("library"), modelPack, IndexSettings.defaults())) {
            LibraryRoot album = library.roots().stream().filter(r -> r.id().equals("demo-album")).findFirst().orElseThrow();
            IngestProgress resumed = library.ingest(album.id(), IngestMode.MISSING, IngestListener.NONE)
                    .await(Duration.ofMinutes(5));
            assertThat(resumed.state()).as(resumed.message()).isEqualTo(JobState.COMPLETED);
            assertThat(resumed.processed() + resumed.unchanged() + resumed.errors()).isEqualTo(DemoAlbum.DEFAULT_COUNT);
            assertThat(library.imageCount(album.id())).isEqualTo(DemoAlbum.DEFAULT_COUNT);
        }
    }

    /** Waits until the demo ingestion has finished a file and is still running; false if it ended first. */
    private boolean awaitRunningIngestion(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode job : json.readTree(jobs.body())) {
                if (LibraryService.JOB_TYPE.equals(job.path("type").asText())) {
                    if (!job.path("finishedAt").isNull()) {
                        return false;
                    }
                    if (job.path("done").asLong() >= 1) {
                        return true;
                    }
                }
            }
            Thread.sleep(50);
        }
        return false;
    }
}
