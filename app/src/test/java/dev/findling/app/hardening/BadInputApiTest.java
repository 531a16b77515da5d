package dev.findling.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.TestData;
import dev.findling.models.image.MaskImages;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over real HTTP: each case is answered with an RFC 9457 problem detail and the status that says what
 * was wrong, and nothing is lost — after every case the concept made before is still listed and served, and (last)
 * the server still segments a good image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputApiTest extends HardeningServerSupport {
    private String conceptId;

    @BeforeAll
    void createTheConceptThatMustSurvive() throws IOException {
        conceptId = createConcept("survivor");
    }

    @AfterEach
    void nothingIsLost() throws IOException {
        HttpResponse<String> list = get("/api/concepts");
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(list.body()).forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).contains(conceptId);
        HttpResponse<byte[]> mask = getBytes("/api/concepts/" + conceptId + "/mask.png");
        assertThat(mask.statusCode()).isEqualTo(200);
        assertThat(MaskImages.read(mask.body(), dev.findling.models.image.ImageLimits.DEFAULT))
                .isEqualTo(referenceScene().disc());
    }

    @Test
    void aTextFileIsNotAnImage415() throws IOException {
        HttpResponse<String> r = post("/api/concepts/" + conceptId + "/segment", new Multipart()
                .file("image", "notes.txt", "text/plain", "just some words, not pixels\n".getBytes(StandardCharsets.UTF_8)));
        JsonNode problem = assertProblem(r, 415);
        assertThat(problem.path("reason").asText()).isEqualTo("UNSUPPORTED_FORMAT");
    }

    @Test
    void aPngHeaderOf60000Squared413BeforeDecoding() throws IOException {
        byte[] bomb = TestImages.pngHeaderOnly(60_000, 60_000);
        assertThat(bomb.length).isLessThan(100);
        HttpResponse<String> r = post("/api/concepts/" + conceptId + "/segment",
                new Multipart().file("image", "bomb.png", "image/png", bomb));
        JsonNode problem = assertProblem(r, 413);
        assertThat(problem.path("reason").asText()).isEqualTo("TOO_MANY_PIXELS");
        assertThat(problem.path("detail").asText()).contains("60000");
    }

    @Test
    void aMaskOfAnotherSize422NamesBothSizes() throws IOException {
        SyntheticScenes.Scene ref = referenceScene();
        BinaryMask small = SyntheticScenes.standardScene(320, 240, 7).disc();
        HttpResponse<String> r = post("/api/concepts", new Multipart()
                .file("image", "reference.png", "image/png", png(ref))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(small)));
        JsonNode problem = assertProblem(r, 422);
        assertThat(problem.path("detail").asText()).contains("640", "480", "320", "240");
        assertThat(problem.path("maskWidth").asInt()).isEqualTo(320);
        assertThat(problem.path("imageWidth").asInt()).isEqualTo(640);
    }

    @Test
    void anEmptyMask422() throws IOException {
        SyntheticScenes.Scene ref = referenceScene();
        BinaryMask empty = BinaryMask.empty(640, 480);
        HttpResponse<String> r = post("/api/concepts", new Multipart()
                .file("image", "reference.png", "image/png", png(ref))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(empty)));
        assertProblem(r, 422);
    }

    @Test
    void unknownConceptResultAndJobIds404() throws IOException {
        assertProblem(get("/api/concepts/no-such-concept"), 404);
        assertProblem(post("/api/concepts/no-such-concept/segment", new Multipart()
                .file("image", "t.png", "image/png", png(targetScene()))), 404);
        // A PNG endpoint: the client accepts the PNG or, for errors, the problem detail.
        assertProblem(send(HttpRequest.newBuilder(uri("/api/concepts/" + conceptId + "/results/1700000000000-0123456789ab/mask.png"))
                .timeout(REQUEST_TIMEOUT).header("Accept", "image/png, application/problem+json").GET().build()), 404);
        assertProblem(get("/api/segment/text/" + UUID.randomUUID()), 404);
        assertProblem(get("/api/jobs/" + UUID.randomUUID()), 404);
        assertProblem(send(HttpRequest.newBuilder(uri("/api/jobs/" + UUID.randomUUID() + "/cancel"))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 404);
    }

    @Test
    void aLibraryPathEscapingItsRoot400() throws IOException {
        Path album = TestData.newTempDir("findling-bad-input-album-");
        Files.writeString(album.resolve("readme.txt"), "no photos here");
        HttpResponse<String> added = send(HttpRequest.newBuilder(uri("/api/library/roots")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("path", album.toString()))))
                .build());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String rootId = json.readTree(added.body()).path("id").asText();
        for (String escaping : List.of("../../etc/passwd", "/etc/passwd", "a/../../outside.jpg")) {
            assertProblem(get("/api/library/roots/" + rootId + "/image?path=" + URLEncoder.encode(escaping, StandardCharsets.UTF_8)), 400);
        }
    }

    @Test
    void aMultipartOverTheUploadLimit413() throws IOException {
        byte[] big = new byte[1_500_000]; // findling.limits.max-file-size is 1MB in these tests
        new Random(5).nextBytes(big);
        HttpResponse<String> r = post("/api/concepts/" + conceptId + "/segment",
                new Multipart().file("image", "big.jpg", "image/jpeg", big));
        assertProblem(r, 413);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAllOfThatAGoodImageIsStillSegmented() throws IOException {
        HttpResponse<String> r = post("/api/concepts/" + conceptId + "/segment",
                new Multipart().file("image", "target.png", "image/png", png(targetScene())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json.readTree(r.body());
        assertThat(result.path("found").asBoolean()).isTrue();
    }
}
