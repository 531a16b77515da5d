package dev.findling.app.packs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.RunningServerTest;
import dev.findling.app.TestData;
import dev.findling.app.library.DemoAlbum;
import dev.findling.models.fetch.KnownPack;
import dev.findling.models.fetch.KnownPacks;
import dev.findling.models.image.PngWriter;
import dev.findling.models.pack.Checksums;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models from the UI: the home page lists the known packs, "download and use" runs as a job and switches the
 * active pack without a restart, the library then asks for a reindex, and a folder that is not a pack is refused
 * with the active pack left in place. The known pack here is the {@code mobilesam} manifest served from the
 * real-architecture fixtures as {@code file:} URLs (pinned by their own SHA-256), so nothing reaches the internet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackSwitchServerTest extends RunningServerTest {
    private static final Path DATA = TestData.newTempDir("findling-pack-switch-");
    /** Outside the data folder, which the library refuses as a root. */
    private static final Path ALBUM = TestData.newTempDir("findling-pack-switch-photos-").resolve("album");
    private static final String FIXTURE_PACK = "fixture-mobilesam";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static List<DemoAlbum.Photo> photos;

    @BeforeAll
    static void fixtures() throws IOException {
        RealArchFixtures.dir(); // skips the class before the server starts when ../shared is absent
        photos = DemoAlbum.write(ALBUM, 2, 5L);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir", () -> TestData.dataDir().resolve("packs").resolve(ReferencePack.ID).toString());
    }

    @TestConfiguration
    static class FixtureCatalog {
        @Bean
        @Primary
        KnownPackCatalog fixtureCatalog() {
            return new KnownPackCatalog() {
                @Override
                public List<KnownPack> all() {
                    return List.of(fixturePack());
                }
            };
        }
    }

    /** The mobilesam pack's manifest on the fixture files, each pinned by its own SHA-256 and size. */
    static KnownPack fixturePack() {
        try {
            KnownPack real = KnownPacks.mobileSam();
            List<KnownPack.Download> downloads = new ArrayList<>();
            List<ModelEntry> entries = new ArrayList<>();
            Map<String, String> fixtureFor = Map.of("image-encoder", RealArchFixtures.MOBILESAM_ENCODER,
                    "mask-decoder", RealArchFixtures.SAM_DECODER);
            for (ModelEntry e : real.manifest().models()) {
                Path source = RealArchFixtures.file(fixtureFor.get(e.role()));
                String sha = Checksums.sha256(source);
                downloads.add(KnownPack.Download.file(e.file(), source.toUri().toString(), sha, Files.size(source),
                        "Apache-2.0 (test)", "real-arch fixture " + source.getFileName()));
                entries.add(new ModelEntry(e.role(), e.dialect(), e.file(), sha, e.inputs(), e.outputs(), e.preprocessing(),
                        e.dimension()));
            }
            PackManifest m = real.manifest();
            return new KnownPack(FIXTURE_PACK, "MobileSAM architecture with random weights (fixtures)", downloads,
                    new PackManifest(m.format(), FIXTURE_PACK, "MobileSAM fixtures", m.kind(), m.label(), m.description(),
                            m.tokenizer(), entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Test
    @Order(1)
    void theHomePageListsTheKnownPacksWithADownloadAction() {
        String home = requests.html("/").getBody();
        KnownPack pack = fixturePack();
        assertThat(home).contains("Model packs to download", FIXTURE_PACK, pack.summary(), "Apache-2.0 (test)",
                "real-arch fixture mobilesam_encoder_preprocess.onnx", String.format(java.util.Locale.ROOT, "%.1f MB",
                        pack.totalBytes() / 1_000_000.0), "/packs/" + FIXTURE_PACK + "/download", "Download and use");
    }

    @Test
    @Order(2)
    void aLibraryIndexedWithTheStartingPack() throws Exception {
        ResponseEntity<String> root = requests.api(HttpMethod.POST, "/api/library/roots",
                json.writeValueAsString(Map.of("path", ALBUM.toString())));
        assertThat(root.getStatusCode().value()).as(root.getBody()).isEqualTo(201);
        JsonNode end = requests.awaitJob(json.readTree(requests.api(HttpMethod.POST, "/api/library/roots/album/ingest", "").getBody())
                .path("id").asText(), JOB_TIMEOUT);
        assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("completed");
    }

    @Test
    @Order(3)
    void downloadAndUseSwitchesTheActivePackWithoutARestart() throws Exception {
        ResponseEntity<String> accepted = requests.api(HttpMethod.POST, "/api/packs/known/" + FIXTURE_PACK + "/download", "");
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        assertThat(json.readTree(accepted.getBody()).path("type").asText()).isEqualTo(PackDownloads.JOB_TYPE);
        JsonNode end = requests.awaitJob(json.readTree(accepted.getBody()).path("id").asText(), JOB_TIMEOUT);
        assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("completed");
        assertThat(end.path("fraction").asDouble()).isEqualTo(1.0);
        assertThat(end.path("result").path("packId").asText()).isEqualTo(FIXTURE_PACK);

        JsonNode active = json.readTree(requests.api(HttpMethod.GET, "/api/packs/active", null).getBody());
        assertThat(active.path("id").asText()).isEqualTo(FIXTURE_PACK);
        assertThat(DATA.resolve(ActivePack.CHOICE_FILE)).content().contains(FIXTURE_PACK);
        assertThat(requests.html("/").getBody()).contains("In use");

        // The new pack serves requests at once: click-to-segment with SAM's four candidates.
        assertThat(requests.click(PngWriter.rgb(photos.get(0).image()), 50, 40).path("masks")).hasSize(4);
    }

    @Test
    @Order(4)
    void theLibraryThenSaysItNeedsAReindexAndOffersIt() throws Exception {
        ResponseEntity<String> page = requests.html("/library");
        assertThat(page.getStatusCode().value()).isEqualTo(409);
        assertThat(page.getBody()).contains("The library needs a reindex", "findling reindex", "/library/reindex");

        ResponseEntity<String> reindex = http.postForEntity("/library/reindex", HttpEntity.EMPTY, String.class);
        assertThat(reindex.getStatusCode().is3xxRedirection() || reindex.getStatusCode().value() == 200)
                .as(reindex.getStatusCode() + " " + reindex.getBody()).isTrue();
        String job = json.readTree(requests.api(HttpMethod.GET, "/api/library/roots/album", null).getBody()).path("activeJobId").asText();
        if (!job.isBlank() && !job.equals("null")) {
            assertThat(requests.awaitJob(job, JOB_TIMEOUT).path("state").asText()).isEqualTo("completed");
        }
        ResponseEntity<String> after = requests.html("/library");
        assertThat(after.getStatusCode().value()).as(after.getBody()).isEqualTo(200);
        assertThat(after.getBody()).doesNotContain("The library needs a reindex");
    }

    @Test
    @Order(5)
    void aFolderThatIsNotAPackIsRefusedAndTheActivePackStays() throws Exception {
        Path empty = Files.createDirectories(DATA.resolve("not-a-pack"));
        ResponseEntity<String> r = requests.api(HttpMethod.PUT, "/api/packs/active",
                json.writeValueAsString(Map.of("directory", empty.toString())));
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(422);
        assertThat(json.readTree(r.getBody()).path("detail").asText()).contains("has no pack.json");
        assertThat(json.readTree(requests.api(HttpMethod.GET, "/api/packs/active", null).getBody()).path("id").asText())
                .isEqualTo(FIXTURE_PACK);
    }
}
