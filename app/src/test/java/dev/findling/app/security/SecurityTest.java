package dev.findling.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.hardening.HardeningServerSupport.Multipart;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code findling.security.token} set: API writes need the token (bearer or X-Findling-Token), reads do not, and
 * a refused write changes nothing. The web forms refuse cross-site posts (Origin, else Referer) and accept same-site
 * ones and non-browser clients that send neither header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "findling.security.token=" + SecurityTest.TOKEN,
        "findling.demo.enabled=false"})
class SecurityTest {
    static final String TOKEN = "correct-horse-battery-staple";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @LocalServerPort
    int port;

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void anApiWriteWithoutTheTokenIs401AndChangesNothing() throws Exception {
        List<String> before = conceptIds();
        HttpResponse<String> r = send(createConcept().build());
        assertProblem(r, 401, "Authorization: Bearer");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"findling\"");
        assertThat(conceptIds()).isEqualTo(before);
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        HttpResponse<String> bearer = send(createConcept().header("Authorization", "Bearer not-the-token").build());
        assertProblem(bearer, 401, "is not the server's");
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        assertProblem(send(createConcept().header("X-Findling-Token", TOKEN + "x").build()), 401);
        assertProblem(send(HttpRequest.newBuilder(uri("/api/concepts/anything")).DELETE().build()), 401);
    }

    @Test
    void theTokenAsBearerOrHeaderIsAccepted() throws Exception {
        HttpResponse<String> created = send(createConcept().header("Authorization", "Bearer " + TOKEN).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).path("id").asText();
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/concepts/" + id))
                .header("X-Findling-Token", TOKEN).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
    }

    @Test
    void readsStayOpen() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/api/concepts")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/api/packs/active")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/concepts")).GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void aCrossSiteFormPostIsRefusedAndChangesNothing() throws Exception {
        String id = createWithToken();
        HttpResponse<String> fromOrigin = send(deleteForm(id).header("Origin", "https://evil.example").build());
        assertProblem(fromOrigin, 403, "evil.example");
        HttpResponse<String> fromReferer = send(deleteForm(id)
                .header("Referer", "http://127.0.0.1.evil.example:" + port + "/concepts").build());
        assertProblem(fromReferer, 403);
        assertProblem(send(deleteForm(id).header("Origin", "null").build()), 403);
        assertProblem(send(deleteForm(id).header("Origin", "http://127.0.0.1:" + (port + 1)).build()), 403);
        assertThat(conceptIds()).contains(id);
    }

    @Test
    void aSameSiteFormPostIsAccepted() throws Exception {
        String id = createWithToken();
        HttpResponse<String> r = send(deleteForm(id).header("Origin", "http://127.0.0.1:" + port).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(conceptIds()).doesNotContain(id);

        String other = createWithToken();
        HttpResponse<String> byReferer = send(deleteForm(other)
                .header("Referer", "http://127.0.0.1:" + port + "/concepts/" + other).build());
        assertThat(byReferer.statusCode()).isEqualTo(302);
        assertThat(conceptIds()).doesNotContain(other);
    }

    @Test
    void aFormPostWithoutOriginOrRefererComesFromANonBrowserClientAndIsAccepted() throws Exception {
        String id = createWithToken();
        assertThat(send(deleteForm(id).build()).statusCode()).isEqualTo(302);
    }

    private HttpRequest.Builder deleteForm(String id) {
        return HttpRequest.newBuilder(uri("/concepts/" + id + "/delete")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""));
    }

    private String createWithToken() throws IOException {
        HttpResponse<String> created = send(createConcept().header("Authorization", "Bearer " + TOKEN).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).path("id").asText();
    }

    private HttpRequest.Builder createConcept() {
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(320, 240, 7);
        return new Multipart()
                .file("image", "reference.png", "image/png", PngWriter.rgb(ref.image()))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(ref.disc()))
                .request(uri("/api/concepts")).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    }

    private List<String> conceptIds() throws IOException {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/concepts")).GET().build());
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(list.body()).forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private void assertProblem(HttpResponse<String> r, int status, String... detailContains) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        if (detailContains.length > 0) {
            assertThat(problem.path("detail").asText()).contains(detailContains);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
