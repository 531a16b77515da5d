package dev.findling.app.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.observability.ModelTimers;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library over HTTP on a small generated album: roots, an ingestion job to completion, concept matches, text
 * search, images and the pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryServerTest {
    private static final Path DATA = TestData.newTempDir("findling-library-");
    /** Outside the data dir: a root inside it is refused. */
    private static final Path PHOTOS = TestData.newTempDir("findling-library-photos-");
    private static final Path ALBUM = PHOTOS.resolve("album");
    private static final Path OUTSIDE = PHOTOS.resolve("secret.png");
    private static final int ALBUM_PHOTOS = 8;
    private static List<DemoAlbum.Photo> photos;
    private static String jobId;
    private static String conceptId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir", () -> LibraryTestSupport.sharedPackDir().toString());
        try {
            Files.createDirectories(PHOTOS.resolve("configured"));
            Files.createDirectories(DATA.resolve("configured-inside-data"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // The one inside the data dir is refused like a missing one: logged, skipped.
        registry.add("findling.library.roots", () -> PHOTOS.resolve("configured") + "," + PHOTOS.resolve("not-there")
                + "," + DATA.resolve("configured-inside-data"));
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void album() throws IOException {
        photos = DemoAlbum.write(ALBUM, ALBUM_PHOTOS, 7L);
        Files.createDirectories(ALBUM.resolve("colours"));
        Files.write(ALBUM.resolve("colours/red.png"), colourPng(200, 30, 30));
        Files.write(ALBUM.resolve("broken.jpg"), new byte[]{(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Files.write(OUTSIDE, colourPng(30, 30, 200));
    }

    private static byte[] colourPng(int r, int g, int b) {
        int w = 96;
        int h = 72;
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            int noise = (i * 7919) % 9 - 4;
            rgb[3 * i] = (byte) Math.max(0, Math.min(255, r + noise));
            rgb[3 * i + 1] = (byte) Math.max(0, Math.min(255, g + noise));
            rgb[3 * i + 2] = (byte) Math.max(0, Math.min(255, b + noise));
        }
        return PngWriter.rgb(RgbImage.wrap(w, h, rgb));
    }

    @Test
    @Order(1)
    void addsListsAndRejectsRoots() throws Exception {
        ResponseEntity<String> created = LibraryTestSupport.postJson(http, "/api/library/roots",
                json.writeValueAsString(java.util.Map.of("path", ALBUM.toString())));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/library/roots/album");
        JsonNode root = json.readTree(created.getBody());
        assertThat(root.path("id").asText()).isEqualTo("album");
        assertThat(root.path("images").asInt()).isZero();

        // The configured root that exists is there (a missing one is logged and skipped), then the added one.
        JsonNode list = json.readTree(LibraryTestSupport.get(http, "/api/library/roots").getBody());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asText()).isEqualTo("configured");
        assertThat(list.get(1).path("path").asText()).isEqualTo(ALBUM.toRealPath().toString());
        assertThat(list.get(1).path("lastRun").isNull()).isTrue();

        ResponseEntity<String> missing = LibraryTestSupport.postJson(http, "/api/library/roots",
                "{\"path\":\"" + PHOTOS.resolve("no-such-folder") + "\"}");
        assertProblem(missing, 400, "not an existing folder");
        // Findling's own folders: the data dir, anything inside it, anything containing it, and the pack.
        Path pack = LibraryTestSupport.sharedPackDir();
        for (Path own : List.of(DATA, DATA.resolve("library"), DATA.resolve("library/thumbnails"))) {
            ResponseEntity<String> refused = LibraryTestSupport.postJson(http, "/api/library/roots",
                    json.writeValueAsString(java.util.Map.of("path", own.toString())));
            assertProblem(refused, 400, "is inside Findling's data folder");
        }
        assertProblem(LibraryTestSupport.postJson(http, "/api/library/roots",
                json.writeValueAsString(java.util.Map.of("path", DATA.getParent().toString()))), 400, "contains Findling's data folder");
        assertProblem(LibraryTestSupport.postJson(http, "/api/library/roots",
                json.writeValueAsString(java.util.Map.of("path", pack.toString()))), 400, "the model pack");
        assertThat(json.readTree(LibraryTestSupport.get(http, "/api/library/roots").getBody())).hasSize(2);
        ResponseEntity<String> unknown = LibraryTestSupport.get(http, "/api/library/roots/nope");
        assertProblem(unknown, 404, "nope");
        assertProblem(LibraryTestSupport.postJson(http, "/api/library/roots/nope/ingest", ""), 404, "nope");
        assertProblem(LibraryTestSupport.postJson(http, "/api/library/roots/album/ingest?mode=sometimes", ""), 400, "mode");
    }

    @Test
    @Order(2)
    void ingestionJobRunsToCompletionWithProgress() throws Exception {
        ResponseEntity<String> accepted = LibraryTestSupport.postJson(http, "/api/library/roots/album/ingest?mode=all", "");
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        jobId = json.readTree(accepted.getBody()).path("id").asText();
        assertThat(accepted.getHeaders().getLocation()).hasToString("/api/jobs/" + jobId);
        assertThat(json.readTree(accepted.getBody()).path("type").asText()).isEqualTo("ingestion");

        JsonNode end = LibraryTestSupport.awaitJob(http, json, jobId, Duration.ofSeconds(120));
        assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("completed");
        int files = ALBUM_PHOTOS + 2; // the photos, the red picture and the broken file
        assertThat(end.path("total").asInt()).isEqualTo(files);
        assertThat(end.path("done").asInt()).isEqualTo(files);
        assertThat(end.path("fraction").asDouble()).isEqualTo(1.0);
        JsonNode result = end.path("result");
        assertThat(result.path("processed").asInt()).isEqualTo(ALBUM_PHOTOS + 1);
        assertThat(result.path("failed").asInt()).isEqualTo(1);
        assertThat(result.path("failures").get(0).path("path").asText()).isEqualTo("broken.jpg");
        assertThat(end.path("messages").toString()).contains("broken.jpg");

        JsonNode root = json.readTree(LibraryTestSupport.get(http, "/api/library/roots/album").getBody());
        assertThat(root.path("images").asInt()).isEqualTo(ALBUM_PHOTOS + 1);
        assertThat(root.path("failed").asInt()).isEqualTo(1);
        assertThat(root.path("lastRun").path("state").asText()).isEqualTo("completed");
        assertThat(root.path("lastRun").path("processed").asInt()).isEqualTo(ALBUM_PHOTOS + 1);
        assertThat(root.path("activeJobId").isNull()).isTrue();

        // A second run in "missing" mode has nothing to do.
        String again = json.readTree(LibraryTestSupport.postJson(http, "/api/library/roots/album/ingest", "").getBody())
                .path("id").asText();
        JsonNode second = LibraryTestSupport.awaitJob(http, json, again, Duration.ofSeconds(60));
        assertThat(second.path("result").path("unchanged").asInt()).isEqualTo(files);
        assertThat(second.path("result").path("processed").asInt()).isZero();
    }

    @Test
    @Order(3)
    void pathsAreResolvedInsideTheRootOnly() throws Exception {
        ResponseEntity<String> inside = LibraryTestSupport.get(http, "/api/library/roots/album/image?path=demo-01.png");
        assertThat(inside.getStatusCode().value()).as(inside.getBody()).isEqualTo(200);
        JsonNode image = json.readTree(inside.getBody());
        assertThat(image.path("path").asText()).isEqualTo("demo-01.png");
        assertThat(image.path("width").asInt()).isEqualTo(DemoAlbum.WIDTH);

        assertProblem(LibraryTestSupport.get(http, "/api/library/roots/album/image?path=../secret.png"), 400, "outside");
        assertProblem(LibraryTestSupport.get(http, "/api/library/roots/album/image?path=" + OUTSIDE), 400, "outside");
        assertProblem(LibraryTestSupport.get(http, "/api/library/roots/album/image?path=nothing.png"), 404, "nothing.png");
        assertProblem(LibraryTestSupport.get(http, "/api/library/images/0123456789abcdef0123"), 404, "0123456789abcdef0123");

        ResponseEntity<byte[]> thumb = http.getForEntity(image.path("links").path("thumbnail").asText(), byte[].class);
        assertThat(thumb.getStatusCode().value()).isEqualTo(200);
        assertThat(thumb.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_JPEG);
        assertThat(thumb.getBody()).startsWith((byte) 0xFF, (byte) 0xD8);
    }

    @Test
    @Order(4)
    void conceptMatchesAreThePhotosThatShowTheObject() throws Exception {
        DemoAlbum.Photo reference = photos.get(0);
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("image", file(PngWriter.rgb(reference.image()), "reference.png"));
        form.add("mask", file(MaskImages.toPng(reference.objectMask()), "mask.png"));
        form.add("name", "mug");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        ResponseEntity<String> created = http.postForEntity("/api/concepts", new HttpEntity<>(form, headers), String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        conceptId = json.readTree(created.getBody()).path("id").asText();

        ResponseEntity<String> r = LibraryTestSupport.get(http, "/api/concepts/" + conceptId + "/matches?limit=20");
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        JsonNode page = json.readTree(r.getBody());
        Set<String> expected = new HashSet<>();
        photos.stream().filter(DemoAlbum.Photo::containsObject).forEach(p -> expected.add(p.fileName()));
        List<String> found = new ArrayList<>();
        page.path("items").forEach(i -> found.add(i.path("path").asText()));
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(page.path("total").asInt()).isEqualTo(expected.size());

        JsonNode first = page.path("items").get(0);
        assertThat(first.path("found").asBoolean()).isTrue();
        assertThat(first.path("box").path("x1").asInt()).isGreaterThan(first.path("box").path("x0").asInt());
        double previous = Double.MAX_VALUE;
        for (JsonNode item : page.path("items")) {
            assertThat(item.path("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = item.path("score").asDouble();
        }

        // The mask link serves the concept's mask at the image's size, overlapping the generator's ground truth.
        DemoAlbum.Photo truth = photos.stream().filter(p -> p.fileName().equals(first.path("path").asText())).findFirst().orElseThrow();
        ResponseEntity<byte[]> mask = http.getForEntity(first.path("links").path("mask").asText(), byte[].class);
        assertThat(mask.getStatusCode().value()).isEqualTo(200);
        var decoded = MaskImages.read(mask.getBody(), dev.findling.models.image.ImageLimits.DEFAULT);
        assertThat(decoded.width()).isEqualTo(DemoAlbum.WIDTH);
        assertThat(decoded.iou(truth.objectMask())).isGreaterThan(0.5);
        ResponseEntity<byte[]> overlay = http.getForEntity(first.path("links").path("overlay").asText(), byte[].class);
        assertThat(overlay.getStatusCode().value()).isEqualTo(200);
        assertThat(overlay.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);

        // Paging, and the absent photos when asked for; PerSAM's decisions are remembered, so neither the next
        // page nor the same page again runs the decoder.
        long decoderRuns = decoderRuns();
        assertThat(decoderRuns).isPositive();
        JsonNode second = json.readTree(LibraryTestSupport.get(http, "/api/concepts/" + conceptId + "/matches?limit=2&offset=2").getBody());
        assertThat(second.path("items")).hasSize(2);
        assertThat(second.path("items").get(0).path("path").asText()).isEqualTo(found.get(2));
        JsonNode again = json.readTree(LibraryTestSupport.get(http, "/api/concepts/" + conceptId + "/matches?limit=20").getBody());
        assertThat(again).isEqualTo(page);
        assertThat(decoderRuns()).isEqualTo(decoderRuns);
        JsonNode all = json.readTree(LibraryTestSupport.get(http, "/api/concepts/" + conceptId
                + "/matches?limit=50&includeNotFound=true").getBody());
        assertThat(all.path("items").size()).isGreaterThan(expected.size());

        assertProblem(LibraryTestSupport.get(http, "/api/concepts/no-such-concept/matches"), 404, "no-such-concept");
        assertProblem(LibraryTestSupport.get(http, "/api/concepts/" + conceptId + "/matches?limit=0"), 400, "limit");
    }

    @Test
    @Order(5)
    void textSearchPutsTheRedPictureFirst() throws Exception {
        ResponseEntity<String> r = LibraryTestSupport.get(http, "/api/search?q=red&limit=5");
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        JsonNode result = json.readTree(r.getBody());
        assertThat(result.path("understood").asBoolean()).isTrue();
        assertThat(result.path("items").get(0).path("path").asText()).isEqualTo("colours/red.png");
        assertThat(result.path("items").get(0).path("links").path("thumbnail").asText()).endsWith("/thumbnail.jpg");

        JsonNode unknown = json.readTree(LibraryTestSupport.get(http, "/api/search?q=unicorn").getBody());
        assertThat(unknown.path("understood").asBoolean()).isFalse();
        assertThat(unknown.path("message").asText()).isNotBlank();
        assertProblem(LibraryTestSupport.get(http, "/api/search?q="), 400, "q");
    }

    @Test
    @Order(6)
    void pagesShowRootsSearchAndMatches() throws Exception {
        ResponseEntity<String> page = html("/library?q=red");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains("album").contains("Library")
                .contains("<label for=\"library-path\"").contains("aria-current=\"page\">Library</a>").contains("<label for=\"search-q\"")
                .contains("alt=\"colours/red.png")
                .contains("href=\"/concepts/" + conceptId + "/matches\"");
        ResponseEntity<String> matches = html("/concepts/" + conceptId + "/matches");
        assertThat(matches.getStatusCode().value()).isEqualTo(200);
        assertThat(matches.getBody()).contains("/api/concepts/" + conceptId + "/matches/").contains("overlay.png")
                .contains("alt=\"");
    }

    private ResponseEntity<String> html(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private long decoderRuns() {
        return meters.find(ModelTimers.DECODE).timers().stream().mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    private void assertProblem(ResponseEntity<String> response, int status, String detailContains) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(String.valueOf(response.getHeaders().getContentType())).isTrue();
        assertThat(json.readTree(response.getBody()).path("detail").asText()).contains(detailContains);
    }

    private static ByteArrayResource file(byte[] bytes, String name) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }
}
