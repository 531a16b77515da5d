package dev.findling.app.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo album on a fresh data dir: generated, ingested in the background, the demo concept created — and the
 * concept's library matches agree with the generator's ground truth.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoAlbumServerTest {
    private static final Path DATA = TestData.newTempDir("findling-demo-");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir", () -> LibraryTestSupport.sharedPackDir().toString());
        registry.add("findling.demo.enabled", () -> "true");
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Test
    void demoConceptIsFoundInTheAlbumPhotosThatShowIt() throws Exception {
        JsonNode album = awaitIngestedRoot("demo-album");
        assertThat(album.path("images").asInt()).isEqualTo(DemoAlbum.DEFAULT_COUNT);

        ResponseEntity<String> r = LibraryTestSupport.get(http, "/api/concepts/demo-object/matches?limit=50");
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        JsonNode items = json.readTree(r.getBody()).path("items");

        List<DemoAlbum.Photo> truth = DemoAlbum.generate();
        Set<String> positives = new HashSet<>();
        truth.stream().filter(DemoAlbum.Photo::containsObject).forEach(p -> positives.add(p.fileName()));
        int top = Math.min(10, items.size());
        int correctTop = 0;
        int found = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            boolean positive = item.path("rootId").asText().equals("demo-album")
                    && positives.contains(item.path("path").asText());
            if (positive) {
                found++;
                if (i < top) {
                    correctTop++;
                }
            }
        }
        double precisionAt10 = correctTop / 10.0;
        double recall = found / (double) positives.size();
        System.out.printf("demo album: %d results, precision@10 %.2f, recall %.2f%n", items.size(), precisionAt10, recall);
        assertThat(precisionAt10).as("precision@10 of " + r.getBody()).isGreaterThanOrEqualTo(0.8);
        assertThat(recall).as("recall of " + r.getBody()).isGreaterThanOrEqualTo(0.8);
    }

    private JsonNode awaitIngestedRoot(String id) throws Exception {
        long end = System.nanoTime() + 180_000_000_000L;
        JsonNode root = null;
        while (System.nanoTime() < end) {
            ResponseEntity<String> r = LibraryTestSupport.get(http, "/api/library/roots/" + id);
            if (r.getStatusCode().value() == 200) {
                root = json.readTree(r.getBody());
                boolean conceptThere = LibraryTestSupport.get(http, "/api/concepts/demo-object").getStatusCode().value() == 200;
                if (conceptThere && root.path("activeJobId").isNull()
                        && "completed".equals(root.path("lastRun").path("state").asText())) {
                    return root;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo album was not ingested in time; last root state: " + root);
    }
}
