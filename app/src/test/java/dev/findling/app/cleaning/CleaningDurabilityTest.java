package dev.findling.app.cleaning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.FindlingApplication;
import dev.findling.app.TestData;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cleaning jobs across server restarts over one data dir: results stay downloadable, a run a crash stopped shows as
 * interrupted and can be resumed or deleted, leftovers no job owns are swept at start, and refused submissions leave
 * nothing behind. One test, two server starts: each start costs seconds on the CI machine.
 */
class CleaningDurabilityTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jobsSurviveARestartACrashedOneComesBackInterruptedAndRefusedOnesLeaveNothing() throws Exception {
        Path data = TestData.newTempDir("findling-durable-cleaning-");
        Path work = data.resolve("work/cleaning");
        String done;
        String crashed;
        byte[] zip;
        try (Server server = new Server(data, "--findling.jobs.queue=3")) {
            done = submit(server);
            assertThat(server.awaitEnd(done).path("state").asText()).isEqualTo("completed");
            zip = server.http.getForObject("/api/cleaning/" + done + "/result.zip", byte[].class);

            // The worker is busy; 45 submissions at once meet a queue of 3.
            CountDownLatch blocking = new CountDownLatch(1);
            server.context.getBean(JobRegistry.class).submit("test", "blocker", ctx -> {
                blocking.countDown();
                while (true) {
                    ctx.checkpoint(); // until the server stops
                    Thread.sleep(10);
                }
            });
            assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 45; i++) {
                answers.add(clients.submit(() -> server.http.postForEntity("/api/cleaning", FORM, String.class)));
            }
            List<String> accepted = new ArrayList<>();
            int refused = 0;
            for (Future<ResponseEntity<String>> f : answers) {
                ResponseEntity<String> r = f.get(120, TimeUnit.SECONDS);
                if (r.getStatusCode() == HttpStatus.ACCEPTED) {
                    accepted.add(json.readTree(r.getBody()).path("id").asText());
                } else {
                    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
                    assertThat(json.readTree(r.getBody()).path("title").asText()).isEqualTo("Job queue is full");
                    refused++;
                }
            }
            clients.shutdown();
            assertThat(accepted).hasSize(3);
            assertThat(refused).isEqualTo(42);
            List<String> kept = new ArrayList<>(accepted);
            kept.add(done);
            assertThat(listing(work)).as("only the accepted jobs' folders").containsExactlyInAnyOrderElementsOf(kept);
            crashed = accepted.get(0);
        }
        // The crash: its record says running, no process runs it. Beside it, what a crash mid-staging and a crash
        // mid-concept-save leave: a work folder no record owns, a concept's temporary folder.
        Path record = data.resolve("jobs").resolve(crashed + ".json");
        Files.writeString(record, Files.readString(record).replaceFirst("\"state\" : \"[a-z]+\"", "\"state\" : \"running\""));
        Path orphan = Files.createDirectories(work.resolve(UUID.randomUUID().toString()).resolve("input"));
        Files.write(orphan.resolve("x.png"), CleaningScenes.referencePng());
        Path conceptTmp = Files.createDirectories(data.resolve("concepts")
                .resolve(".tmp-" + (Integer.MAX_VALUE - 1L) + "-red-disc-" + UUID.randomUUID()));

        try (Server server = new Server(data)) {
            JsonNode before = json.readTree(server.http.getForObject("/api/jobs/" + done, String.class));
            assertThat(before.path("state").asText()).isEqualTo("completed");
            assertThat(before.path("result").path("zip").asText()).isEqualTo("/api/cleaning/" + done + "/result.zip");
            ResponseEntity<byte[]> again = server.http.getForEntity("/api/cleaning/" + done + "/result.zip", byte[].class);
            assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(again.getBody()).isEqualTo(zip);
            assertThat(server.http.getForEntity("/api/cleaning/" + done + "/images/0/thumbnail.jpg", byte[].class)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(server.http.getForObject("/cleaning/" + done, String.class)).contains("1 kept");

            JsonNode interrupted = json.readTree(server.http.getForObject("/api/jobs/" + crashed, String.class));
            assertThat(interrupted.path("state").asText()).isEqualTo("interrupted");
            assertThat(interrupted.path("error").asText()).contains("stopped");
            assertThat(server.http.getForEntity("/api/cleaning/" + crashed + "/result.zip", String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(orphan.getParent()).doesNotExist();
            assertThat(conceptTmp).doesNotExist();
            assertThat(listing(work)).contains(done, crashed).hasSize(4);

            ResponseEntity<String> resumed = server.http.postForEntity("/api/jobs/" + crashed + "/resume", null, String.class);
            assertThat(resumed.getStatusCode()).as(resumed.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode end = server.awaitEnd(crashed);
            assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("completed");
            assertThat(end.path("result").path("kept").asInt()).isEqualTo(1);
            assertThat(server.http.getForEntity("/api/cleaning/" + crashed + "/result.zip", byte[].class)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);

            ResponseEntity<Void> deleted = server.http.exchange("/api/jobs/" + done, HttpMethod.DELETE, null, Void.class);
            assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
            assertThat(work.resolve(done)).doesNotExist();
            assertThat(data.resolve("jobs").resolve(done + ".json")).doesNotExist();
            assertThat(server.http.getForEntity("/api/cleaning/" + done + "/result.zip", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(server.http.getForEntity("/api/jobs/" + done, String.class).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    /** One submission's form, made once: the 45 concurrent submissions send the same bytes. */
    private static final HttpEntity<MultiValueMap<String, Object>> FORM = form("set.zip");

    private String submit(Server server) throws Exception {
        ResponseEntity<String> r = server.http.postForEntity("/api/cleaning", FORM, String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        return json.readTree(r.getBody()).path("id").asText();
    }

    private static HttpEntity<MultiValueMap<String, Object>> form(String zipName) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("reference", file("ref.png", CleaningScenes.referencePng()));
        form.add("mask", file("ref-mask.png", CleaningScenes.referenceMaskPng()));
        form.add("name", "red disc");
        form.add("images", file(zipName, CleaningScenes.zip(CleaningScenes.trainingSet())));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return new HttpEntity<>(form, headers);
    }

    private static ByteArrayResource file(String name, byte[] bytes) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private static List<String> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** One server process over a data dir, started and stopped as the test says. */
    private final class Server implements AutoCloseable {
        final ConfigurableApplicationContext context;
        final TestRestTemplate http;

        Server(Path data, String... extra) {
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--findling.data-dir=" + data,
                    "--findling.pack-dir=" + ReferencePackFixture.directory(), "--findling.demo.enabled=false"));
            args.addAll(List.of(extra));
            context = FindlingApplication.builder(WebApplicationType.SERVLET).run(args.toArray(String[]::new));
            String port = context.getEnvironment().getProperty("local.server.port");
            http = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port));
        }

        JsonNode awaitEnd(String id) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                JsonNode s = json.readTree(http.getForObject("/api/jobs/" + id, String.class));
                if (!List.of("queued", "running", "paused").contains(s.path("state").asText())) {
                    return s;
                }
                assertThat(System.nanoTime()).as("job %s ends (now %s)", id, s).isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
