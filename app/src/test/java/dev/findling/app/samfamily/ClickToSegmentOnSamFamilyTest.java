package dev.findling.app.samfamily;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.library.DemoAlbum;
import dev.findling.models.image.PngWriter;
import dev.findling.models.mask.CocoRle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

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

    static JsonNode click(TestRestTemplate http, DemoAlbum.Photo photo) throws Exception {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("image", new HttpEntity<>(new ByteArrayResource(PngWriter.rgb(photo.image())) {
            @Override
            public String getFilename() {
                return "p.png";
            }
        }, new HttpHeaders()));
        body.add("points", "[{\"x\":100,\"y\":80,\"positive\":true}]");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        ResponseEntity<String> r = http.postForEntity("/api/segment/prompt", new HttpEntity<>(body, headers), String.class);
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        return new ObjectMapper().readTree(r.getBody());
    }

    static void assertCandidates(JsonNode result, int count) {
        assertThat(result.path("masks")).hasSize(count);
        for (int i = 0; i < count; i++) {
            JsonNode m = result.path("masks").get(i);
            assertThat(m.path("index").asInt()).isEqualTo(i);
            var decoded = CocoRle.fromJson(m.path("rle").toString()).decode();
            assertThat(decoded.width()).isEqualTo(DemoAlbum.WIDTH);
            assertThat(decoded.height()).isEqualTo(DemoAlbum.HEIGHT);
            assertThat(decoded.area()).isEqualTo(m.path("area").asLong());
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class EfficientSam {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) throws Exception {
            Path pack = SamFamilyCliTest.importedPack("efficientsam");
            registry.add("findling.data-dir", () -> TestData.newTempDir("findling-click-es-").toString());
            registry.add("findling.pack-dir", pack::toString);
        }

        @Autowired
        TestRestTemplate http;

        @Test
        void oneClickGivesThreeCandidatesAndTheBestOfAllThree() throws Exception {
            JsonNode result = click(http, photo());
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
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class EdgeSam {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) throws Exception {
            Path pack = SamFamilyCliTest.importedPack("edgesam");
            registry.add("findling.data-dir", () -> TestData.newTempDir("findling-click-edge-").toString());
            registry.add("findling.pack-dir", pack::toString);
        }

        @Autowired
        TestRestTemplate http;

        @Test
        void oneClickGivesFourCandidatesAndTheBestMultimaskToken() throws Exception {
            JsonNode result = click(http, photo());
            assertCandidates(result, 4);
            assertThat(result.path("best").asInt()).isBetween(1, 3);
        }
    }
}
