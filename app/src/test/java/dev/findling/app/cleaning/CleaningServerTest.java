package dev.findling.app.cleaning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.jobs.JobRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Dataset cleaning end to end over real HTTP: submit, follow the job, download the zip, see the page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CleaningServerTest {
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JobRegistry jobs;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aZipOfTrainingImagesIsCleanedInABackgroundJob() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("reference", file("ref.png", CleaningScenes.referencePng()));
        form.add("mask", file("ref-mask.png", CleaningScenes.referenceMaskPng()));
        form.add("name", "red disc");
        form.add("images", file("set.zip", CleaningScenes.zip(CleaningScenes.trainingSet())));
        form.add("square", "true");
        ResponseEntity<String> submitted = http.postForEntity("/api/cleaning", multipart(form), String.class);
        assertThat(submitted.getStatusCode()).as(submitted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode job = json.readTree(submitted.getBody());
        String id = job.path("id").asText();
        assertThat(submitted.getHeaders().getLocation()).hasToString("/api/jobs/" + id);
        assertThat(job.path("type").asText()).isEqualTo("cleaning");

        JsonNode done = awaitEnd(id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("result").path("kept").asInt()).isEqualTo(1);
        assertThat(done.path("result").path("rejectedBy").path("absent").asInt()).isEqualTo(1);
        assertThat(done.path("result").path("rejectedBy").path("unreadable").asInt()).isEqualTo(1);

        ResponseEntity<byte[]> zip = http.getForEntity("/api/cleaning/" + id + "/result.zip", byte[].class);
        assertThat(zip.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(zip.getHeaders().getContentType()).hasToString("application/zip");
        assertThat(zip.getHeaders().getContentDisposition().getFilename()).endsWith(".zip");
        List<String> entries = entries(zip.getBody());
        assertThat(entries).contains("manifest.json", "manifest.csv", "images/a-subject.png", "images/a-subject.txt",
                "masks/a-subject.png", "cutouts/a-subject.png", "on-white/a-subject.png", "crops/a-subject.png",
                "masked-loss/a-subject.png");
        assertThat(entries).noneMatch(e -> e.contains("c-absent") || e.contains("f-broken"));

        JsonNode manifest = json.readTree(http.getForObject("/api/cleaning/" + id + "/manifest.json", String.class));
        assertThat(manifest.findValuesAsText("file")).containsExactly("a-subject.png", "c-absent.png", "f-broken.png");
        assertThat(manifest.get(1).path("reason").asText()).isEqualTo("absent");
        assertThat(manifest.get(2).path("reason").asText()).isEqualTo("unreadable");

        String page = http.getForObject("/cleaning/" + id, String.class);
        assertThat(page).contains("1 kept", "rejected: absent", "rejected: unreadable", "/api/cleaning/" + id + "/result.zip",
                "/api/cleaning/" + id + "/images/0/thumbnail.jpg", "<caption>");
        assertThat(page).doesNotContain("role=\"progressbar\"");
        ResponseEntity<byte[]> thumb = http.getForEntity("/api/cleaning/" + id + "/images/0/thumbnail.jpg", byte[].class);
        assertThat(thumb.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(thumb.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_JPEG);
        assertThat(http.getForEntity("/api/cleaning/" + id + "/images/2/thumbnail.jpg", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aRunningRunShowsTheLiveProgressBar() throws Exception {
        // One worker: while a blocker runs, the cleaning job waits in the queue and its page shows progress.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        jobs.submit("test", "blocker", ctx -> {
            blocking.countDown();
            release.await(30, TimeUnit.SECONDS);
            return null;
        });
        try {
            assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
            MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
            form.add("reference", file("ref.png", CleaningScenes.referencePng()));
            form.add("mask", file("ref-mask.png", CleaningScenes.referenceMaskPng()));
            form.add("images", file("one.png", CleaningScenes.referencePng()));
            String id = json.readTree(http.postForEntity("/api/cleaning", multipart(form), String.class).getBody())
                    .path("id").asText();
            String page = http.getForObject("/cleaning/" + id, String.class);
            assertThat(page).contains("role=\"progressbar\"", "aria-valuenow=\"0\"", "aria-valuemin=\"0\"",
                    "aria-valuemax=\"100\"", "data-events-url=\"/api/jobs/" + id + "/events\"", "/js/job-progress.js",
                    "data-action=\"cancel\"");
            assertThat(http.getForEntity("/api/cleaning/" + id + "/result.zip", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.CONFLICT);
            assertThat(http.getForEntity("/js/job-progress.js", String.class).getBody()).contains("EventSource");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aZipSlipArchiveIsABadRequest() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("reference", file("ref.png", CleaningScenes.referencePng()));
        form.add("mask", file("ref-mask.png", CleaningScenes.referenceMaskPng()));
        form.add("images", file("evil.zip", CleaningScenes.zip(Map.of("../../escape.png", CleaningScenes.referencePng()))));
        ResponseEntity<String> r = http.postForEntity("/api/cleaning", multipart(form), String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(json.readTree(r.getBody()).path("detail").asText()).contains("../../escape.png", "outside");
    }

    @Test
    void badRequestsAreProblemDetails() throws Exception {
        MultiValueMap<String, Object> noSubject = new LinkedMultiValueMap<>();
        noSubject.add("images", file("a.png", CleaningScenes.referencePng()));
        assertThat(http.postForEntity("/api/cleaning", multipart(noSubject), String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        MultiValueMap<String, Object> unknown = new LinkedMultiValueMap<>();
        unknown.add("concept", "no-such-concept");
        unknown.add("images", file("a.png", CleaningScenes.referencePng()));
        assertThat(http.postForEntity("/api/cleaning", multipart(unknown), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        MultiValueMap<String, Object> badOption = new LinkedMultiValueMap<>();
        badOption.add("reference", file("ref.png", CleaningScenes.referencePng()));
        badOption.add("mask", file("ref-mask.png", CleaningScenes.referenceMaskPng()));
        badOption.add("images", file("a.png", CleaningScenes.referencePng()));
        badOption.add("minArea", "1.5");
        ResponseEntity<String> r = http.postForEntity("/api/cleaning", multipart(badOption), String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody()).contains("minimum area ratio");
        ResponseEntity<String> missing = http.getForEntity("/api/cleaning/no-such-run/result.zip", String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theFormPageIsLinkedFromTheNavigation() {
        ResponseEntity<String> page = http.getForEntity("/cleaning", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("<h1>Dataset cleaning</h1>", "aria-current=\"page\">Dataset cleaning</a>",
                "name=\"images\"", "multiple", "name=\"reference\"", "name=\"mask\"", "name=\"minArea\"");
        assertThat(http.getForObject("/", String.class)).contains(">Dataset cleaning</a>");
    }

    private JsonNode awaitEnd(String id) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            JsonNode s = json.readTree(http.getForObject("/api/jobs/" + id, String.class));
            String state = s.path("state").asText();
            if (state.equals("completed") || state.equals("failed") || state.equals("cancelled")) {
                return s;
            }
            assertThat(System.nanoTime()).as("job %s ends (now %s)", id, s).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static HttpEntity<MultiValueMap<String, Object>> multipart(MultiValueMap<String, Object> form) {
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

    private static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
