package dev.findling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The requests the server tests send to a running server: JSON calls, pages, multipart uploads, click-to-segment and
 * waiting for a background job — one copy for every full-context test (real-arch, SAM-family, packs, segmentation).
 */
public final class ServerRequests {
    private static final List<String> FINAL_JOB_STATES = List.of("completed", "failed", "cancelled");

    private final TestRestTemplate http;
    private final ObjectMapper json = new ObjectMapper();

    public ServerRequests(TestRestTemplate http) {
        this.http = http;
    }

    /** A request answered in JSON; {@code body}, when not null, is sent as JSON. */
    public ResponseEntity<String> api(HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    /** The body of a 200 JSON answer to GET {@code path}. */
    public JsonNode getJson(String path) throws IOException {
        ResponseEntity<String> r = api(HttpMethod.GET, path, null);
        assertThat(r.getStatusCode().value()).as(path + ": " + r.getBody()).isEqualTo(200);
        return json.readTree(r.getBody());
    }

    /** A page, as a browser asks for it. */
    public ResponseEntity<String> html(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    /** A multipart POST answered in JSON; the parts are strings or files ({@link #file}). */
    public ResponseEntity<String> multipart(String path, Map<String, ?> parts) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        parts.forEach(form::add);
        return multipart(path, form, MediaType.APPLICATION_JSON);
    }

    /** A multipart POST answered in {@code accept} (JSON for the API, HTML for a page's form). */
    public ResponseEntity<String> multipart(String path, MultiValueMap<String, Object> form, MediaType accept) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.setAccept(List.of(accept));
        return http.postForEntity(path, new HttpEntity<>(form, headers), String.class);
    }

    /** One positive click at (x, y) on {@code png}: click-to-segment's 200 answer. */
    public JsonNode click(byte[] png, int x, int y) throws IOException {
        ResponseEntity<String> r = multipart("/api/segment/prompt", Map.of("image", file(png, "p.png"),
                "points", "[{\"x\":" + x + ",\"y\":" + y + ",\"positive\":true}]"));
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        return json.readTree(r.getBody());
    }

    /**
     * Click-to-segment's answer holds {@code count} candidates in order, each with a score and a run-length mask of
     * the image's size whose area is the one reported.
     */
    public static void assertCandidates(JsonNode result, int count, int width, int height) {
        assertThat(result.path("masks")).hasSize(count);
        for (int i = 0; i < count; i++) {
            JsonNode m = result.path("masks").get(i);
            assertThat(m.path("index").asInt()).isEqualTo(i);
            assertThat(m.path("iouEstimate").isNumber()).as(m.toString()).isTrue();
            BinaryMask decoded = CocoRle.fromJson(m.path("rle").toString()).decode();
            assertThat(decoded.width()).isEqualTo(width);
            assertThat(decoded.height()).isEqualTo(height);
            assertThat(decoded.area()).isEqualTo(m.path("area").asLong());
        }
    }

    /** Polls the job until it reaches a final state and returns its last status; fails after {@code timeout}. */
    public JsonNode awaitJob(String id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonNode status = getJson("/api/jobs/" + id);
            if (FINAL_JOB_STATES.contains(status.path("state").asText())) {
                return status;
            }
            Thread.sleep(100);
        }
        return fail("job " + id + " did not finish within " + timeout);
    }

    /** An upload part with a file name, as a browser sends a chosen file. */
    public static ByteArrayResource file(byte[] bytes, String name) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }
}
