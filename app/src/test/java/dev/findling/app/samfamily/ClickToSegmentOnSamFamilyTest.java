package dev.findling.app.samfamily;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.RunningServerTest;
import dev.findling.app.ServerRequests;
import dev.findling.app.TestData;
import dev.findling.app.library.DemoAlbum;
import dev.findling.models.image.PngWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Click-to-segment over HTTP on packs imported from the SAM-family fixtures: EfficientSAM answers with its three
 * candidates (no single-mask token, best among all three), EdgeSAM with four (best among the multimask tokens, its
 * stability scores as the estimate). Random weights: the payloads are checked, not the masks' quality.
 */
class ClickToSegmentOnSamFamilyTest {
    static DemoAlbum.Photo photo() throws Exception {
        return DemoAlbum.write(TestData.newTempDir("findling-click-"), 2, 19L).get(0);
    }

    static JsonNode click(ServerRequests requests) throws Exception {
        return requests.click(PngWriter.rgb(photo().image()), 100, 80);
    }

    static void assertCandidates(JsonNode result, int count) {
        ServerRequests.assertCandidates(result, count, DemoAlbum.WIDTH, DemoAlbum.HEIGHT);
    }

    /** The server of one nested class: the pack imported from {@code family}'s fixtures, a data folder of its own. */
    static void serveImported(DynamicPropertyRegistry registry, String family) throws Exception {
        Path pack = SamFamilyCliTest.importedPack(family);
        registry.add("findling.data-dir", () -> TestData.newTempDir("findling-click-" + family + "-").toString());
        registry.add("findling.pack-dir", pack::toString);
    }

    @Nested
    class EfficientSam extends RunningServerTest {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) throws Exception {
            serveImported(registry, "efficientsam");
        }

        @Test
        void oneClickGivesThreeCandidatesAndTheBestOfAllThree() throws Exception {
            JsonNode result = click(requests);
            assertCandidates(result, 3);
            int best = 0;
            for (int i = 1; i < 3; i++) {
                if (result.path("masks").get(i).path("iouEstimate").asDouble()
                        > result.path("masks").get(best).path("iouEstimate").asDouble()) {
                    best = i;
                }
            }
            assertThat(result.path("best").asInt()).isEqualTo(best);
        }
    }

    @Nested
    class EdgeSam extends RunningServerTest {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) throws Exception {
            serveImported(registry, "edgesam");
        }

        @Test
        void oneClickGivesFourCandidatesAndTheBestMultimaskToken() throws Exception {
            JsonNode result = click(requests);
            assertCandidates(result, 4);
            assertThat(result.path("best").asInt()).isBetween(1, 3);
        }
    }
}
