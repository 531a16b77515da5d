package dev.findling.app.segmentation;

import dev.findling.app.command.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.RunningServerTest;
import dev.findling.app.ServerRequests;
import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.testing.RealArchFixtures;
import dev.findling.models.testing.RealArchPack;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text segmentation and text search through the whole application on the real-arch pack (real MobileSAM and SAM
 * decoder, tiny CLIP, the dense head Findling derives; random weights, so this proves the wiring, not quality):
 * the CLI in both modes, {@code POST /api/segment/text}, the {@code /segment} page and library text search.
 */
class RealArchPackServerTest extends RunningServerTest {
    private static final Path DATA = TestData.newTempDir("findling-real-arch-");
    private static Path packDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir", () -> pack().toString());
    }

    private static synchronized Path pack() {
        if (packDir == null) {
            packDir = RealArchPack.create(DATA.resolve("pack"), "maskclip");
        }
        return packDir;
    }

    private static byte[] photo() throws IOException {
        return Files.readAllBytes(RealArchFixtures.dir().resolve("../perseg-examples/cat/01.jpg").normalize());
    }


    @Test
    void cliSegmentsDogAndCatInBothModes() throws IOException {
        Path in = TestData.newTempDir("findling-real-arch-in-");
        Files.write(in.resolve("cat.jpg"), photo());
        for (String mode : List.of("coarse", "refined")) {
            Path out = TestData.newTempDir("findling-real-arch-out-").resolve(mode);
            StringWriter err = new StringWriter();
            FindlingCli.Outcome outcome = new FindlingCli(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                    .run("--data-dir", DATA.toString(), "--pack-dir", pack().toString(),
                            "segment", "--text", "dog, cat", "--mode", mode, "--out", out.toString(), in.resolve("cat.jpg").toString());
            assertThat(outcome.exitCode()).as(err.toString()).isEqualTo(ExitCode.OK);
            JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
            assertThat(summary.path("pack").path("id").asText()).isEqualTo(RealArchPack.ID);
            assertThat(summary.path("mode").asText()).isEqualTo(mode);
            assertThat(summary.path("images").get(0).path("classes")).hasSize(2);
            assertThat(out.resolve("cat.labels.png")).exists();
        }
    }

    @Test
    void calibrateReportsTheSimilarityDistributionOfAFolder() throws IOException {
        Path in = TestData.newTempDir("findling-real-arch-calibrate-");
        Files.write(in.resolve("cat.jpg"), photo());
        Files.writeString(in.resolve("notes.txt"), "not an image\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FindlingCli.Outcome outcome = new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true))
                .run("--data-dir", DATA.toString(), "--pack-dir", pack().toString(), "calibrate", "--text", "dog, cat", in.toString());
        assertThat(outcome.exitCode()).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("1 images, background similarity in force 0.220");
        assertThat(out.toString()).containsPattern("(?m)^dog\\s+\\d+ ").containsPattern("(?m)^cat\\s+\\d+ ");
    }

    @Test
    void apiSegmentsDogAndCatWithStageTimings() throws Exception {
        for (String mode : List.of("coarse", "refined")) {
            MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
            body.add("image", ServerRequests.file(photo(), "cat.jpg"));
            body.add("classes", "dog, cat");
            body.add("mode", mode);
            ResponseEntity<String> r = requests.multipart("/api/segment/text", body, MediaType.APPLICATION_JSON);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode result = json.readTree(r.getBody());
            assertThat(result.path("pack").path("id").asText()).isEqualTo(RealArchPack.ID);
            assertThat(result.path("pack").path("reference").asBoolean()).isFalse();
            assertThat(result.path("mode").asText()).isEqualTo(mode);
            assertThat(result.path("classes").get(0).path("name").asText()).isEqualTo("dog");
            assertThat(result.path("classes").get(1).path("name").asText()).isEqualTo("cat");
            assertThat(result.path("timings").path("denseHead").asDouble()).isPositive();
            if (mode.equals("refined")) {
                assertThat(result.path("timings").path("imageEncoder").asDouble()).isPositive();
            }
        }
    }

    @Test
    void segmentPageShowsTheResult() throws Exception {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("image", ServerRequests.file(photo(), "cat.jpg"));
        body.add("classes", "dog, cat");
        body.add("mode", "coarse");
        ResponseEntity<String> page = requests.multipart("/segment", body, MediaType.TEXT_HTML);
        assertThat(page.getStatusCode()).as(page.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("dog").contains("cat").contains("/api/segment/text/");
    }

    @Test
    void libraryTextSearchRunsOnTheClipImageEmbedder() throws Exception {
        Path album = TestData.newTempDir("findling-real-arch-album-"); // a library root may not sit inside the data folder
        Files.createDirectories(album);
        for (String name : List.of("00.jpg", "01.jpg", "02.jpg")) {
            Files.copy(RealArchFixtures.dir().resolve("../perseg-examples/cat/" + name).normalize(), album.resolve(name));
        }
        ResponseEntity<String> created = requests.api(HttpMethod.POST, "/api/library/roots", "{\"path\":\"" + album + "\"}");
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String rootId = json.readTree(created.getBody()).path("id").asText();
        ResponseEntity<String> accepted = requests.api(HttpMethod.POST, "/api/library/roots/" + rootId + "/ingest?mode=all", "");
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        String jobId = json.readTree(accepted.getBody()).path("id").asText();
        JsonNode end = requests.awaitJob(jobId, Duration.ofSeconds(300));
        assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("completed");

        ResponseEntity<String> search = http.getForEntity("/api/search?q=a photo of a cat&limit=5", String.class);
        assertThat(search.getStatusCode()).as(search.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode results = json.readTree(search.getBody());
        assertThat(results.toString()).containsAnyOf("00.jpg", "01.jpg", "02.jpg");
    }
}
