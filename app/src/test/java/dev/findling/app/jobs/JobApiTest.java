package dev.findling.app.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs API over real HTTP on a random port: JSON status, the server-sent event stream, control and 404s. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobApiTest {
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JobRegistry jobs;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eventStreamCarriesEveryStateAndEndsWithTheJob() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        JobStatus job = jobs.submit("test", "three steps", ctx -> {
            go.await(20, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                ctx.checkpoint();
                ctx.progress(i + 1, 3, "step " + (i + 1));
                Thread.sleep(120); // longer than the progress throttle, so each step is its own event
            }
            return Map.of("answer", 42);
        });
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs/" + job.id() + "/events"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        go.countDown();
        List<String> lines = response.body().toList(); // returns when the server ends the stream

        List<JsonNode> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("event:")) {
                names.add(line.substring(6).strip());
            } else if (line.startsWith("data:")) {
                events.add(json.readTree(line.substring(5)));
            }
        }
        assertThat(names).isNotEmpty().allMatch("status"::equals);
        assertThat(events).hasSameSizeAs(names);
        assertThat(events).allMatch(e -> e.path("id").asText().equals(job.id()));
        List<String> states = events.stream().map(e -> e.path("state").asText()).toList();
        assertThat(states).contains("running").last().isEqualTo("completed");
        assertThat(events.stream().map(e -> e.path("done").asInt()).toList()).contains(1, 2, 3).isSorted();
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("fraction").asDouble()).isEqualTo(1.0);
        assertThat(last.path("result").path("answer").asInt()).isEqualTo(42);
        assertThat(last.path("title").asText()).isEqualTo("three steps");

        JsonNode status = json.readTree(http.getForObject("/api/jobs/" + job.id(), String.class));
        assertThat(status.path("state").asText()).isEqualTo("completed");
        JsonNode list = json.readTree(http.getForObject("/api/jobs", String.class));
        assertThat(list.findValuesAsText("id")).contains(job.id());

        // A finished job's stream sends its final status once and ends at once.
        HttpResponse<String> again = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(again.body()).contains("\"state\":\"completed\"");
    }

    @Test
    void pauseResumeAndCancelOverHttp() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        JobStatus job = jobs.submit("test", "endless", ctx -> {
            started.countDown();
            while (true) {
                ctx.checkpoint();
                Thread.sleep(5);
            }
        });
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(state(post("/api/jobs/" + job.id() + "/pause"))).isEqualTo("paused");
        ResponseEntity<String> pausedAgain = post("/api/jobs/" + job.id() + "/pause");
        assertThat(pausedAgain.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(pausedAgain.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(state(post("/api/jobs/" + job.id() + "/resume"))).isEqualTo("running");
        post("/api/jobs/" + job.id() + "/cancel");
        HttpResponse<String> end = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/jobs/" + job.id() + "/events")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(end.body()).contains("\"state\":\"cancelled\"");
        assertThat(post("/api/jobs/" + job.id() + "/cancel").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void unknownJobIdsAreProblemDetails404() throws Exception {
        for (String path : List.of("/api/jobs/nope", "/api/jobs/nope/events")) {
            ResponseEntity<String> r = http.getForEntity(path, String.class);
            assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(path).isTrue();
            JsonNode problem = json.readTree(r.getBody());
            assertThat(problem.path("status").asInt()).isEqualTo(404);
            assertThat(problem.path("detail").asText()).contains("job", "nope");
        }
        for (String action : List.of("pause", "resume", "cancel")) {
            assertThat(post("/api/jobs/nope/" + action).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    private ResponseEntity<String> post(String path) {
        return http.postForEntity(path, null, String.class);
    }

    private String state(ResponseEntity<String> response) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody()).path("state").asText();
    }
}
