package dev.findling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A pack folder whose pack.json is broken: the server still starts, says what is wrong, and reports DOWN. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokenPackTest {
    private static final Path PACK_DIR = brokenPack();

    @DynamicPropertySource
    static void packDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
        registry.add("findling.pack-dir", PACK_DIR::toString);
    }

    private static Path brokenPack() {
        try {
            Path dir = TestData.newTempDir("findling-broken-pack-").resolve("my-pack");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("pack.json"), "{ \"format\": 1, \"id\": \"my-pack\", \"models\": [ ");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Test
    void healthReportsThePackDownWithTheError() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/actuator/health", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        JsonNode health = json.readTree(response.getBody());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        JsonNode pack = health.path("components").path("pack");
        assertThat(pack.path("status").asText()).isEqualTo("DOWN");
        assertThat(pack.path("details").path("error").asText()).contains("pack.json");
        assertThat(pack.path("details").path("directory").asText()).isEqualTo(PACK_DIR.toString());
    }

    @Test
    void homePageShowsTheErrorAndHowToFixIt() {
        ResponseEntity<String> page = http.getForEntity("/", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("Model pack not loaded", PACK_DIR.toString(), "pack.json",
                "FINDLING_PACK_DIR", "models verify");
        assertThat(page.getBody()).doesNotContain("reference (classical, not learned)");
    }

    @Test
    void packApiAnswers503WithTheLoadError() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/packs/active", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("title").asText()).isEqualTo("Model pack unavailable");
        assertThat(problem.path("detail").asText()).contains(PACK_DIR.toString(), "pack.json");
        assertThat(problem.path("packDirectory").asText()).isEqualTo(PACK_DIR.toString());
    }
}
