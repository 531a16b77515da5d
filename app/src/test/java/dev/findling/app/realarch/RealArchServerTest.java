package dev.findling.app.realarch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.RunningServerTest;
import dev.findling.app.ServerRequests;
import dev.findling.app.TestData;
import dev.findling.app.library.DemoAlbum;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server started on the real architectures ({@link RealArchPack}: MobileSAM encoder, SAM multi-mask decoder,
 * PerSAM decoder, tiny CLIP): click-to-segment, concepts with and without fine-tuning, a library ingested and
 * searched by concept and by text, and the pages. The weights are random, so the tests check wiring and payloads
 * (four candidates, sizes, PerSAM's guidance reaching its decoder, the pack named everywhere), not quality.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealArchServerTest extends RunningServerTest {
    private static final Path DATA = TestData.newTempDir("findling-real-arch-server-");
    private static final Path ALBUM = TestData.newTempDir("findling-real-arch-photos-").resolve("album");
    private static List<DemoAlbum.Photo> photos;
    private static String conceptId;

    @BeforeAll
    static void album() throws Exception {
        RealArchPack.dir(); // skips the class, before the server starts, when ../shared is absent
        photos = DemoAlbum.write(ALBUM, 3, 13L);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir", () -> RealArchPack.dir().toString());
    }


    @Test
    @Order(1)
    void clickToSegmentReturnsFourCandidatesAtTheImageSize() throws Exception {
        JsonNode result = requests.click(PngWriter.rgb(photos.get(0).image()), 100, 80);
        ServerRequests.assertCandidates(result, 4, DemoAlbum.WIDTH, DemoAlbum.HEIGHT);
        assertThat(result.path("best").asInt()).isBetween(1, 3);
    }

    @Test
    @Order(2)
    void conceptsWithAndWithoutFineTuningSegmentThroughPerSamsDecoder() throws Exception {
        DemoAlbum.Photo reference = photos.get(0);
        for (boolean fineTune : new boolean[]{false, true}) {
            ResponseEntity<String> created = requests.multipart("/api/concepts", Map.of(
                    "image", ServerRequests.file(PngWriter.rgb(reference.image()), "reference.png"),
                    "mask", ServerRequests.file(MaskImages.toPng(reference.objectMask()), "mask.png"),
                    "name", fineTune ? "tuned" : "plain", "fineTune", Boolean.toString(fineTune)));
            assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
            JsonNode concept = json.readTree(created.getBody());
            assertThat(concept.path("packId").asText()).isEqualTo(RealArchPack.ID);
            assertThat(concept.path("fineTuned").asBoolean()).isEqualTo(fineTune);
            assertThat(concept.path("weights").isNull()).isEqualTo(!fineTune);
            if (!fineTune) {
                conceptId = concept.path("id").asText();
            }

            ResponseEntity<String> segmented = requests.multipart("/api/concepts/" + concept.path("id").asText() + "/segment",
                    Map.of("image", ServerRequests.file(PngWriter.rgb(photos.get(1).image()), "test.png")));
            assertThat(segmented.getStatusCode().value()).as(segmented.getBody()).isEqualTo(200);
            JsonNode r = json.readTree(segmented.getBody());
            assertThat(r.path("fineTuned").asBoolean()).isEqualTo(fineTune);
            assertThat(r.path("width").asInt()).isEqualTo(DemoAlbum.WIDTH);
            assertThat(r.path("score").isNumber()).isTrue();
            assertThat(r.path("found").asBoolean()).isEqualTo(!r.path("rle").isNull());
            if (!fineTune) {
                // PerSAM's first pass runs on the pack's persam decoder, so its guidance reaches the graph.
                assertThat(r.path("guidanceApplied").asBoolean()).as(r.toString()).isTrue();
            }
        }
    }

    @Test
    @Order(3)
    void aLibraryIngestedOnTheRealArchitectureIsSearchedByConceptAndByText() throws Exception {
        ResponseEntity<String> root = requests.api(HttpMethod.POST, "/api/library/roots",
                json.writeValueAsString(Map.of("path", ALBUM.toString())));
        assertThat(root.getStatusCode().value()).as(root.getBody()).isEqualTo(201);
        ResponseEntity<String> accepted = requests.api(HttpMethod.POST, "/api/library/roots/album/ingest?mode=all", "");
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        JsonNode end = requests.awaitJob(json.readTree(accepted.getBody()).path("id").asText(), Duration.ofMinutes(5));
        assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("completed");
        assertThat(end.path("result").path("processed").asInt()).isEqualTo(photos.size());

        ResponseEntity<String> matches = requests.api(HttpMethod.GET, "/api/concepts/" + conceptId
                + "/matches?limit=10&includeNotFound=true", null);
        assertThat(matches.getStatusCode().value()).as(matches.getBody()).isEqualTo(200);
        assertThat(json.readTree(matches.getBody()).path("items")).hasSize(photos.size());

        // The pack has CLIP: text search runs its text tower against the images' CLIP embeddings.
        ResponseEntity<String> search = requests.api(HttpMethod.GET, "/api/search?q=a%20photo%20of%20a%20mug&limit=10", null);
        assertThat(search.getStatusCode().value()).as(search.getBody()).isEqualTo(200);
        JsonNode result = json.readTree(search.getBody());
        assertThat(result.path("items")).hasSize(photos.size());
        for (JsonNode item : result.path("items")) {
            assertThat(item.path("score").isNumber()).isTrue();
        }
    }

    @Test
    @Order(4)
    void thePagesShowTheImportedPack() {
        for (String page : List.of("/", "/concepts", "/concepts/" + conceptId, "/library", "/concepts/new")) {
            ResponseEntity<String> r = requests.html(page);
            assertThat(r.getStatusCode().value()).as(page + ": " + r.getBody()).isEqualTo(200);
        }
        assertThat(requests.html("/").getBody()).contains("real-arch fixtures");
    }
}
