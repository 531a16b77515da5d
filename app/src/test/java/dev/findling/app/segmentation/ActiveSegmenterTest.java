package dev.findling.app.segmentation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.app.FindlingProperties;
import dev.findling.app.TestData;
import dev.findling.app.packs.ActivePack;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.Device;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pack without the text side cannot segment from text: a 503 that says what the pack lacks. */
class ActiveSegmenterTest {

    @Test
    void packWithoutTextAndDenseEncodersIsUnavailableWithTheReason() throws IOException {
        Path dir = TestData.newTempDir("findling-sam-only-").resolve("sam-only");
        ReferencePack.ensure(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(dir.resolve("pack.json").toFile());
        ArrayNode models = (ArrayNode) manifest.get("models");
        for (int i = models.size() - 1; i >= 0; i--) {
            if (Set.of("text-encoder", "dense-encoder").contains(models.get(i).path("role").asText())) {
                models.remove(i);
            }
        }
        json.writeValue(dir.resolve("pack.json").toFile(), manifest);

        FindlingProperties properties = new FindlingProperties(TestData.dataDir(), dir, Device.CPU, true, 0,
                new FindlingProperties.Clip(null));
        try (ActivePack pack = new ActivePack(properties)) {
            ActiveSegmenter segmenter = new ActiveSegmenter(pack);
            assertThat(pack.pack()).as("the SAM part of the pack still loads").isPresent();
            assertThatThrownBy(segmenter::require)
                    .isInstanceOfSatisfying(TextSegmentationUnavailableException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                        assertThat(e.getBody().getTitle()).isEqualTo("Text segmentation unavailable");
                    })
                    .hasMessageContaining("a text-encoder").hasMessageContaining("a dense-encoder")
                    .hasMessageContaining(ReferencePack.ID);
        }
    }
}
