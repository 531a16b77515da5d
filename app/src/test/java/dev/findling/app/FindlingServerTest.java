package dev.findling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.reference.ReferencePack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server on a random port with a fresh data dir: it generates the reference pack on start and shows it on
 * the home page, in the health endpoint and in the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FindlingServerTest {
    private static final List<String> REFERENCE_ROLES =
            List.of("image-encoder", "mask-decoder", "text-encoder", "dense-encoder", "image-embedder");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Test
    void referencePackIsGeneratedInTheDataDirOnStart() {
        assertThat(TestData.dataDir().resolve("packs").resolve(ReferencePack.ID).resolve("pack.json")).isRegularFile();
    }

    @Test
    void homePageShowsTheReferenceLabelAndEveryRole() {
        ResponseEntity<String> page = get("/", MediaType.TEXT_HTML);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        String html = page.getBody();
        assertThat(html).contains("reference (classical, not learned)", ReferencePack.ID, ReferencePack.NAME,
                "pack__label--reference", "CPU", "sam-onnx", "persam");
        for (String role : REFERENCE_ROLES) {
            assertThat(html).contains(">" + role + "<");
        }
        assertThat(html).contains("<main", "<nav", "<footer", "<header", "lang=\"en\"");
        assertThat(html).doesNotContain("Model pack not loaded");
    }

    @Test
    void healthHasThePackComponentUp() throws Exception {
        ResponseEntity<String> response = get("/actuator/health", MediaType.APPLICATION_JSON);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode pack = json.readTree(response.getBody()).path("components").path("pack");
        assertThat(pack.path("status").asText()).isEqualTo("UP");
        assertThat(pack.path("details").path("id").asText()).isEqualTo(ReferencePack.ID);
        assertThat(pack.path("details").path("label").asText()).contains("reference (classical, not learned)");
        assertThat(pack.path("details").path("provider").asText()).isEqualTo("CPU");
    }

    @Test
    void healthWatchesTheDiskOfTheDataDir() throws Exception {
        JsonNode disk = json.readTree(get("/actuator/health", MediaType.APPLICATION_JSON).getBody())
                .path("components").path("diskSpace");
        assertThat(disk.path("status").asText()).isEqualTo("UP");
        assertThat(java.nio.file.Path.of(disk.path("details").path("path").asText()).toAbsolutePath().normalize())
                .isEqualTo(TestData.dataDir().toAbsolutePath().normalize());
        assertThat(disk.path("details").path("threshold").asLong()).isEqualTo(100L * 1024 * 1024);
    }

    @Test
    void activePackApiDescribesTheReferencePack() throws Exception {
        ResponseEntity<String> response = get("/api/packs/active", MediaType.APPLICATION_JSON);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode pack = json.readTree(response.getBody());
        assertThat(pack.path("id").asText()).isEqualTo(ReferencePack.ID);
        assertThat(pack.path("label").asText()).isEqualTo(ReferencePack.LABEL);
        assertThat(pack.path("reference").asBoolean()).isTrue();
        assertThat(pack.path("kind").asText()).isEqualTo("reference");
        assertThat(pack.path("executionProvider").asText()).isEqualTo("CPU");
        List<String> roles = new ArrayList<>();
        List<String> decoderDialects = new ArrayList<>();
        for (JsonNode role : pack.path("roles")) {
            roles.add(role.path("role").asText());
            assertThat(role.path("file").asText()).endsWith(".onnx");
            assertThat(TestData.dataDir().resolve("packs").resolve(ReferencePack.ID).resolve(role.path("file").asText()))
                    .isRegularFile();
            if (role.path("role").asText().equals("mask-decoder")) {
                decoderDialects.add(role.path("dialect").asText());
            }
        }
        assertThat(roles).containsAll(REFERENCE_ROLES);
        assertThat(decoderDialects).containsExactlyInAnyOrder("sam-onnx", "persam");
    }

    @Test
    void unknownApiPathIsAProblemDetail() throws Exception {
        ResponseEntity<String> response = get("/api/no-such-thing", MediaType.APPLICATION_JSON);
        assertProblem(response, HttpStatus.NOT_FOUND);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("detail").asText()).contains("/api/no-such-thing");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/no-such-thing");
    }

    @Test
    void wrongMethodIsAProblemDetail() throws Exception {
        ResponseEntity<String> response = http.exchange("/api/packs/active", HttpMethod.DELETE,
                new HttpEntity<>(headers(MediaType.APPLICATION_JSON)), String.class);
        assertProblem(response, HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(json.readTree(response.getBody()).path("detail").asText()).contains("DELETE");
    }

    @Test
    void unknownPageIsAnHtmlErrorPageForBrowsers() {
        ResponseEntity<String> page = get("/no-such-page", MediaType.TEXT_HTML);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("404", "Not Found", "/no-such-page", "Back to the home page",
                "reference (classical, not learned)");
    }

    @Test
    void openApiDocumentDescribesThePackEndpoint() throws Exception {
        ResponseEntity<String> response = get("/v3/api-docs", MediaType.APPLICATION_JSON);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode api = json.readTree(response.getBody());
        assertThat(api.path("info").path("title").asText()).isEqualTo("Findling API");
        assertThat(api.path("paths").has("/api/packs/active")).isTrue();
        assertThat(get("/swagger-ui.html", MediaType.TEXT_HTML).getStatusCode().is2xxSuccessful()).isTrue();
    }

    @Test
    void stylesheetAndMarkAreServedFromTheFrontendJar() {
        assertThat(get("/css/findling.css", MediaType.ALL).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/images/findling-mark.svg", MediaType.ALL).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private void assertProblem(ResponseEntity<String> response, HttpStatus status) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private ResponseEntity<String> get(String path, MediaType accept) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(accept)), String.class);
    }

    private static HttpHeaders headers(MediaType accept) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(accept));
        return headers;
    }
}
