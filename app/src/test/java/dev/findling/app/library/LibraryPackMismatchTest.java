package dev.findling.app.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.index.IndexSettings;
import dev.findling.index.LibraryModels;
import dev.findling.index.PhotoLibrary;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A library index built with another pack is refused with 409 naming the command that rebuilds it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LibraryPackMismatchTest {
    private static final Path DATA = TestData.newTempDir("findling-library-mismatch-");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // An index made by "another pack" (same encoder, another id) before the server starts.
        var pack = ReferencePackFixture.pack();
        try (PhotoLibrary other = PhotoLibrary.open(DATA.resolve("library"),
                new LibraryModels("some-other-pack", LibraryModels.SAM_EMBEDDING_CHANNELS, pack.imageEncoder(), Optional.empty()),
                IndexSettings.defaults().withRerankThreads(1))) {
            other.indexSizeBytes();
        }
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir", () -> LibraryTestSupport.sharedPackDir().toString());
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Test
    void anIndexOfAnotherPackIsAConflictNamingReindex() throws Exception {
        ResponseEntity<String> r = LibraryTestSupport.get(http, "/api/library/roots");
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(409);
        JsonNode problem = json.readTree(r.getBody());
        assertThat(problem.path("command").asText()).isEqualTo("findling reindex");
        assertThat(problem.path("detail").asText()).contains("findling reindex");
    }
}
