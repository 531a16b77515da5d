package dev.findling.app.segmentation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.RunningServerTest;
import dev.findling.app.ServerRequests;
import dev.findling.app.TestData;
import dev.findling.models.image.PngWriter;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;
import dev.findling.models.testing.SyntheticScenes.Scene;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/segment/text} and the {@code /segment} page on a real server with the generated reference pack: masks
 * checked by IoU against the synthetic scenes' ground truth after decoding the RLE, errors as problem details, and
 * what the page shows.
 */
class TextSegmentationApiTest extends RunningServerTest {
    private static final Scene SCENE = SyntheticScenes.standardScene(320, 240, 5);
    private static final byte[] SCENE_PNG = PngWriter.rgb(SCENE.image());

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }


    @Test
    void redFindsTheDisc() throws Exception {
        Scene scene = SyntheticScenes.render(SyntheticScenes.randomPlacement(320, 240, 2));
        ResponseEntity<String> response = segment(PngWriter.rgb(scene.image()), "scene.png", "red", null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        JsonNode result = json.readTree(response.getBody());

        assertThat(result.path("pack").path("id").asText()).isEqualTo(ReferencePack.ID);
        assertThat(result.path("pack").path("label").asText()).isEqualTo("reference (classical, not learned)");
        assertThat(result.path("pack").path("reference").asBoolean()).isTrue();
        assertThat(result.path("mode").asText()).isEqualTo("refined");
        assertThat(result.path("image").path("width").asInt()).isEqualTo(320);
        assertThat(result.path("image").path("height").asInt()).isEqualTo(240);
        assertThat(texts(result.path("notes"))).anyMatch(n -> n.contains("not a learned CLIP model"));

        JsonNode red = result.path("classes").get(0);
        assertThat(red.path("name").asText()).isEqualTo("red");
        assertThat(red.path("label").asInt()).isEqualTo(1);
        assertThat(red.path("found").asBoolean()).isTrue();
        assertThat(red.path("message").isNull()).isTrue();
        BinaryMask mask = rle(red);
        double iou = mask.iou(scene.disc());
        assertThat(iou).as("IoU of the decoded RLE with the disc").isGreaterThanOrEqualTo(0.85);
        assertThat(red.path("area").asLong()).isEqualTo(mask.area());
        assertThat(red.path("areaFraction").asDouble()).isCloseTo(mask.area() / (320.0 * 240), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(red.path("score").asDouble()).isBetween(0.5, 1.0);
        var box = mask.box().orElseThrow();
        assertThat(List.of(red.path("box").path("x0").asInt(), red.path("box").path("y0").asInt(),
                red.path("box").path("x1").asInt(), red.path("box").path("y1").asInt()))
                .containsExactly(box.x0(), box.y0(), box.x1(), box.y1());
        assertThat(red.path("points").size()).isBetween(1, 3);
        assertThat(red.path("colour").asText()).matches("#[0-9a-f]{6}");
        assertThat(red.path("decoderIouEstimate").isNumber()).isTrue();

        JsonNode timings = result.path("timings");
        assertThat(timings.path("imageEncoder").asDouble()).isPositive();
        assertThat(timings.path("denseHead").asDouble()).isPositive();
        assertThat(timings.path("decoderPerClass").has("red")).isTrue();
        assertThat(timings.path("total").asDouble()).isGreaterThanOrEqualTo(timings.path("segmentation").asDouble());
        String id = result.path("id").asText();
        assertThat(result.path("links").path("labels").asText()).isEqualTo("/api/segment/text/" + id + "/labels.png");
        assertThat(result.path("links").path("overlay").asText()).isEqualTo("/api/segment/text/" + id + "/overlay.png");
        assertThat(red.path("maskUrl").asText()).isEqualTo("/api/segment/text/" + id + "/classes/1/mask.png");
    }

    @Test
    void twoClassesAreBothFound() throws Exception {
        Scene scene = SyntheticScenes.standardScene(320, 240, 7);
        JsonNode result = okJson(segment(PngWriter.rgb(scene.image()), "scene.png", "red, blue", "refined"));
        JsonNode red = result.path("classes").get(0);
        JsonNode blue = result.path("classes").get(1);
        assertThat(texts(result.path("query"))).containsExactly("red", "blue");
        assertThat(red.path("label").asInt()).isEqualTo(1);
        assertThat(blue.path("label").asInt()).isEqualTo(2);
        assertThat(rle(red).iou(scene.disc())).as("red IoU").isGreaterThanOrEqualTo(0.8);
        assertThat(rle(blue).iou(scene.square())).as("blue IoU").isGreaterThanOrEqualTo(0.8);
        assertThat(red.path("colour").asText()).isNotEqualTo(blue.path("colour").asText());
    }

    @Test
    void coarseModeFindsTheDiscRoughly() throws Exception {
        JsonNode result = okJson(segment(SCENE_PNG, "scene.png", "red", "COARSE"));
        assertThat(result.path("mode").asText()).isEqualTo("coarse");
        JsonNode red = result.path("classes").get(0);
        assertThat(rle(red).iou(SCENE.disc())).isGreaterThanOrEqualTo(0.7);
        assertThat(red.path("decoderIouEstimate").isNull()).isTrue();
        assertThat(result.path("timings").path("imageEncoder").asDouble()).isZero();
    }

    @Test
    void unknownWordIsNotFoundWithAMessage() throws Exception {
        JsonNode result = okJson(segment(SCENE_PNG, "scene.png", "unicorn", null));
        JsonNode unicorn = result.path("classes").get(0);
        assertThat(unicorn.path("name").asText()).isEqualTo("unicorn");
        assertThat(unicorn.path("found").asBoolean()).isFalse();
        assertThat(unicorn.path("area").asLong()).isZero();
        assertThat(unicorn.path("rle").isNull()).isTrue();
        assertThat(unicorn.path("box").isNull()).isTrue();
        assertThat(unicorn.path("maskUrl").isNull()).isTrue();
        assertThat(unicorn.path("message").asText()).contains("unicorn");
    }

    @Test
    void labelMapOverlayAndMaskLinksArePngs() throws Exception {
        JsonNode result = okJson(segment(SCENE_PNG, "scene.png", "red, blue", null));
        ResponseEntity<byte[]> labels = http.getForEntity(result.path("links").path("labels").asText(), byte[].class);
        assertThat(labels.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(labels.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        BufferedImage labelImage = ImageIO.read(new ByteArrayInputStream(labels.getBody()));
        assertThat(labelImage.getWidth()).isEqualTo(320);
        assertThat(labelImage.getHeight()).isEqualTo(240);
        int centre = labelImage.getRGB(SCENE.spec().discCx(), SCENE.spec().discCy());
        assertThat(String.format("#%06x", centre & 0xFFFFFF)).isEqualTo(result.path("classes").get(0).path("colour").asText());
        assertThat(centre >>> 24).as("class pixels are opaque").isEqualTo(0xFF);
        assertThat(labelImage.getRGB(1, 1) >>> 24).as("background is transparent").isZero();

        ResponseEntity<byte[]> overlay = http.getForEntity(result.path("links").path("overlay").asText(), byte[].class);
        assertThat(overlay.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(ImageIO.read(new ByteArrayInputStream(overlay.getBody())).getWidth()).isEqualTo(320);

        JsonNode blue = result.path("classes").get(1);
        ResponseEntity<byte[]> mask = http.getForEntity(blue.path("maskUrl").asText(), byte[].class);
        assertThat(mask.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        BufferedImage maskImage = ImageIO.read(new ByteArrayInputStream(mask.getBody()));
        BinaryMask fromRle = rle(blue);
        int mismatches = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                int gray = maskImage.getRaster().getSample(x, y, 0);
                assertThat(gray).isIn(0, 255);
                mismatches += (gray == 255) != fromRle.get(x, y) ? 1 : 0;
            }
        }
        assertThat(mismatches).as("mask PNG and RLE disagree").isZero();

        String id = result.path("id").asText();
        assertThat(okJson(http.getForEntity("/api/segment/text/" + id, String.class)).path("id").asText()).isEqualTo(id);
        assertProblem(http.getForEntity("/api/segment/text/" + id + "/classes/9/mask.png", String.class), HttpStatus.NOT_FOUND);
    }





    @Test
    void missingOrEmptyClassesAre400() throws Exception {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("image", ServerRequests.file(SCENE_PNG, "scene.png"));
        ResponseEntity<String> missing = requests.multipart("/api/segment/text", body, MediaType.APPLICATION_JSON);
        assertThat(assertProblem(missing, HttpStatus.BAD_REQUEST).path("detail").asText()).contains("classes");

        JsonNode blank = assertProblem(segment(SCENE_PNG, "scene.png", " , ", null), HttpStatus.BAD_REQUEST);
        assertThat(blank.path("detail").asText()).contains("no class");
        JsonNode badMode = assertProblem(segment(SCENE_PNG, "scene.png", "red", "fine"), HttpStatus.BAD_REQUEST);
        assertThat(badMode.path("detail").asText()).contains("coarse", "refined", "fine");
    }

    @Test
    void pageShowsTheFormAndTheNavigationLink() {
        ResponseEntity<String> page = requests.html("/segment");
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("<label for=\"seg-image\">", "<label for=\"seg-classes\">", "<legend>Mode</legend>",
                "enctype=\"multipart/form-data\"", "Text segmentation</a>", "aria-current=\"page\"",
                "reference (classical, not learned)");
        assertThat(requests.html("/").getBody()).contains("href=\"/segment\"");
    }

    @Test
    void submittedFormRendersTheOverlayAndTheLegend() {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("image", ServerRequests.file(SCENE_PNG, "scene.png"));
        body.add("classes", "red, unicorn");
        body.add("mode", "refined");
        ResponseEntity<String> page = requests.multipart("/segment", body, MediaType.TEXT_HTML);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        String html = page.getBody();
        assertThat(html).contains("Findling reference pack — reference (classical, not learned)", "pack__label--reference",
                "<caption>Legend</caption>", "seg-swatch", "background-color: #e69f00", ">red<", ">unicorn<", "not found",
                "value=\"red, unicorn\"", "/overlay.png", "/labels.png", "/classes/1/mask.png");
        assertThat(html).containsPattern("alt=\"“scene.png” \\(320×240\\) with red in orange \\([0-9.]+ % of the image\\) marked; not found: unicorn.\"");
        // The unicorn's reason is shown next to it.
        assertThat(html).containsPattern("(?s)seg-missing.*unicorn.*class=\"seg-message\">[^<]*unicorn");
        String overlay = html.replaceAll("(?s).*src=\"(/api/segment/text/[^\"]+/overlay.png)\".*", "$1");
        ResponseEntity<byte[]> png = http.getForEntity(overlay, byte[].class);
        assertThat(png.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
    }

    @Test
    void pageExplainsAnUnreadableUploadAndKeepsTheClasses() {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("image", ServerRequests.file("hello".getBytes(StandardCharsets.UTF_8), "notes.txt"));
        body.add("classes", "red");
        ResponseEntity<String> page = requests.multipart("/segment", body, MediaType.TEXT_HTML);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(page.getBody()).contains("role=\"alert\"", "The image could not be read", "value=\"red\"")
                .doesNotContain("<caption>Legend</caption>");
    }

    @Test
    void openApiDocumentsTheEndpoints() throws Exception {
        JsonNode paths = okJson(http.getForEntity("/v3/api-docs", String.class)).path("paths");
        assertThat(paths.has("/api/segment/text")).isTrue();
        assertThat(paths.has("/api/segment/text/{id}/labels.png")).isTrue();
        assertThat(paths.has("/api/segment/text/{id}/classes/{label}/mask.png")).isTrue();
        assertThat(paths.path("/api/segment/text").path("post").path("responses").has("415")).isTrue();
    }

    // --- helpers

    /**
     * A photo far larger than the encoders' frames is segmented on a reduced copy (docs/ARCHITECTURE.md §1, "Large
     * photos"): masks and the label map at the photo's size, the overlay at the copy's.
     */
    @Test
    void aLargePhotoIsSegmentedFromTextAtItsOwnSize() throws Exception {
        Scene scene = SyntheticScenes.render(SyntheticScenes.randomPlacement(320, 240, 2));
        int k = 18; // 5760×4320 = 24.9 MP, read as a 2880×2160 copy
        int w = 320 * k;
        int h = 240 * k;
        assertThat(dev.findling.models.image.WorkingResolution.SAM.subsampling(w, h)).isEqualTo(2);
        ResponseEntity<String> response = segment(PngWriter.rgb(TestImages.enlarged(scene.image(), k)), "large.png", "red", null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode result = json.readTree(response.getBody());
        assertThat(result.path("image").path("width").asInt()).isEqualTo(w);
        assertThat(result.path("image").path("height").asInt()).isEqualTo(h);
        BinaryMask mask = rle(result.path("classes").get(0));
        assertThat(mask.width()).isEqualTo(w);
        double iou = mask.iou(TestImages.enlarged(scene.disc(), k));
        System.out.printf("large photo: text segmentation IoU at %d×%d = %.4f%n", w, h, iou);
        assertThat(iou).isGreaterThanOrEqualTo(0.85);

        BufferedImage labels = ImageIO.read(new ByteArrayInputStream(
                http.getForEntity(result.path("links").path("labels").asText(), byte[].class).getBody()));
        assertThat(labels.getWidth()).isEqualTo(w);
        assertThat(labels.getHeight()).isEqualTo(h);
        var box = mask.box().orElseThrow();
        assertThat(labels.getRGB((box.x0() + box.x1()) / 2, (box.y0() + box.y1()) / 2) >>> 24).as("inside the disc: opaque")
                .isEqualTo(0xFF);
        assertThat(labels.getRGB(0, 0) >>> 24).as("background: transparent").isZero();
        BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(
                http.getForEntity(result.path("links").path("overlay").asText(), byte[].class).getBody()));
        assertThat(overlay.getWidth()).isEqualTo(w / 2);
    }

    private ResponseEntity<String> segment(byte[] image, String fileName, String classes, String mode) {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("image", ServerRequests.file(image, fileName));
        body.add("classes", classes);
        if (mode != null) {
            body.add("mode", mode);
        }
        return requests.multipart("/api/segment/text", body, MediaType.APPLICATION_JSON);
    }

    private JsonNode okJson(ResponseEntity<String> response) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    private JsonNode assertProblem(ResponseEntity<String> response, HttpStatus status) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    private static BinaryMask rle(JsonNode segment) {
        JsonNode rle = segment.path("rle");
        List<Long> counts = new ArrayList<>();
        rle.path("counts").forEach(c -> counts.add(c.asLong()));
        BinaryMask mask = new CocoRle(rle.path("size").get(0).asInt(), rle.path("size").get(1).asInt(), counts).decode();
        assertThat(mask.height()).isEqualTo(rle.path("size").get(0).asInt());
        return mask;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
