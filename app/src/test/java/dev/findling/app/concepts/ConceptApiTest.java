package dev.findling.app.concepts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The concepts REST API and the click-prompt endpoint on a running server with the reference pack. */
class ConceptApiTest extends ConceptServerTestSupport {

    @Test
    void conceptIsCreatedListedReadAndDeleted() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        ResponseEntity<String> created = createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "red disc", false);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode concept = json.readTree(created.getBody());
        String id = concept.path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(created.getHeaders().getLocation()).isNotNull();
        assertThat(created.getHeaders().getLocation().getPath()).isEqualTo("/api/concepts/" + id);
        assertThat(concept.path("name").asText()).isEqualTo("red disc");
        assertThat(concept.path("packId").asText()).isEqualTo("findling-reference-v1");
        assertThat(concept.path("fineTuned").asBoolean()).isFalse();
        assertThat(concept.path("weights").isNull()).isTrue();
        assertThat(concept.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(concept.path("referenceWidth").asInt()).isEqualTo(640);
        assertThat(concept.path("links").path("segment").asText()).isEqualTo("/api/concepts/" + id + "/segment");

        List<String> listed = new ArrayList<>();
        for (JsonNode c : json.readTree(get("/api/concepts").getBody())) {
            listed.add(c.path("id").asText());
        }
        assertThat(listed).contains(id);

        ResponseEntity<String> one = get("/api/concepts/" + id);
        assertThat(one.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(one.getBody()).path("name").asText()).isEqualTo("red disc");

        ResponseEntity<byte[]> thumbnail = http.getForEntity("/api/concepts/" + id + "/reference.png", byte[].class);
        assertThat(thumbnail.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(thumbnail.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        ResponseEntity<byte[]> mask = http.getForEntity("/api/concepts/" + id + "/mask.png", byte[].class);
        assertThat(MaskImages.read(mask.getBody(), ImageLimits.DEFAULT)).isEqualTo(ref.disc());

        ResponseEntity<String> deleted = http.exchange("/api/concepts/" + id, HttpMethod.DELETE, null, String.class);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertProblem(get("/api/concepts/" + id), HttpStatus.NOT_FOUND, id);
        assertProblem(http.exchange("/api/concepts/" + id, HttpMethod.DELETE, null, String.class), HttpStatus.NOT_FOUND, id);
    }

    @Test
    void conceptIsFoundInAnotherPlacementAndItsMaskMatchesTheGroundTruth() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "disc", false));
        SyntheticScenes.Scene test = ConceptScenes.otherPlacement();

        JsonNode r = segment(id, ConceptScenes.png(test), 1);
        assertThat(r.path("found").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("score").asDouble()).isGreaterThanOrEqualTo(r.path("presenceThreshold").asDouble());
        BinaryMask mask = CocoRle.fromJson(r.path("rle").toString()).decode();
        double iou = mask.iou(test.disc());
        System.out.printf("concepts API: PerSAM IoU on another placement = %.4f (score %.3f)%n", iou, r.path("score").asDouble());
        assertThat(iou).isGreaterThanOrEqualTo(0.85);
        assertThat(r.path("instances")).hasSize(1);
        assertThat(CocoRle.fromJson(r.path("instances").get(0).path("rle").toString()).decode()).isEqualTo(mask);
        PixelBox truthBox = test.discBox();
        JsonNode box = r.path("box");
        assertThat(Math.abs(box.path("x0").asInt() - truthBox.x0())).isLessThanOrEqualTo(12);
        assertThat(Math.abs(box.path("y1").asInt() - truthBox.y1())).isLessThanOrEqualTo(12);
        assertThat(r.path("points").get(0).path("positive").asBoolean()).isTrue();
        assertThat(r.path("guidanceApplied").asBoolean()).isTrue();
        assertThat(r.path("width").asInt()).isEqualTo(600);
        assertThat(r.path("timings").path("decoderPassMillis")).hasSize(3);

        // The links serve the same mask, an overlay of the image's size and an RGBA cut-out.
        ResponseEntity<byte[]> maskPng = http.getForEntity(r.path("links").path("mask").asText(), byte[].class);
        assertThat(maskPng.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(MaskImages.read(maskPng.getBody(), ImageLimits.DEFAULT)).isEqualTo(mask);
        ResponseEntity<byte[]> overlay = http.getForEntity(r.path("links").path("overlay").asText(), byte[].class);
        assertThat(overlay.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dev.findling.models.image.ImageDecoder.probe(overlay.getBody()).width()).isEqualTo(600);
        ResponseEntity<byte[]> cutout = http.getForEntity(r.path("links").path("cutout").asText(), byte[].class);
        assertThat(MaskImages.read(cutout.getBody(), ImageLimits.DEFAULT)).isEqualTo(mask); // alpha is the mask

        // PerSAM-F on the same pair.
        String tuned = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "disc F", true));
        assertThat(json.readTree(get("/api/concepts/" + tuned).getBody()).path("weights").path("w1").isNumber()).isTrue();
        JsonNode rf = segment(tuned, ConceptScenes.png(test), 1);
        assertThat(rf.path("fineTuned").asBoolean()).isTrue();
        double iouF = CocoRle.fromJson(rf.path("rle").toString()).decode().iou(test.disc());
        System.out.printf("concepts API: PerSAM-F IoU on another placement = %.4f (score %.3f)%n", iouF, rf.path("score").asDouble());
        assertThat(rf.path("found").asBoolean()).isTrue();
        assertThat(iouF).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void absentConceptIsNotFound() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "disc", false));
        JsonNode r = segment(id, ConceptScenes.png(ConceptScenes.withoutDisc()), 1);
        System.out.printf("concepts API: score without the disc = %.3f%n", r.path("score").asDouble());
        assertThat(r.path("found").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.path("score").asDouble()).isLessThan(r.path("presenceThreshold").asDouble());
        assertThat(r.path("rle").isNull()).isTrue();
        assertThat(r.path("box").isNull()).isTrue();
        assertThat(r.path("instances")).isEmpty();
        assertThat(r.path("links").has("cutout")).isFalse();
        ResponseEntity<byte[]> maskPng = http.getForEntity(r.path("links").path("mask").asText(), byte[].class);
        assertThat(MaskImages.read(maskPng.getBody(), ImageLimits.DEFAULT).isEmpty()).isTrue();
    }





    @Test
    void tooManyInstancesIsABadRequest() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "disc", false));
        assertProblem(post("/api/concepts/" + id + "/segment", Map.of("image", file(ConceptScenes.png(ref), "a.png"),
                "maxInstances", "500")), HttpStatus.BAD_REQUEST, "maxInstances");
    }

    @Test
    void clickOnTheDiscGivesFourMasksAndOneOfThemIsTheDisc() throws Exception {
        SyntheticScenes.Scene scene = ConceptScenes.otherPlacement();
        ResponseEntity<String> uploaded = post("/api/segment/prompt/images", Map.of("image", file(ConceptScenes.png(scene), "s.png")));
        assertThat(uploaded.getStatusCode()).as(uploaded.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode image = json.readTree(uploaded.getBody());
        String imageId = image.path("imageId").asText();
        assertThat(image.path("width").asInt()).isEqualTo(600);

        var spec = scene.spec();
        String body = "{\"imageId\":\"" + imageId + "\",\"points\":[{\"x\":" + spec.discCx() + ",\"y\":" + spec.discCy()
                + ",\"positive\":true}]}";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> decoded = http.postForEntity("/api/segment/prompt", new HttpEntity<>(body, headers), String.class);
        assertThat(decoded.getStatusCode()).as(decoded.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode r = json.readTree(decoded.getBody());
        assertThat(r.path("masks")).hasSize(4);
        for (JsonNode m : r.path("masks")) {
            assertThat(m.path("iouEstimate").isNumber()).isTrue();
            BinaryMask fromRle = CocoRle.fromJson(m.path("rle").toString()).decode();
            assertThat(fromRle.area()).isEqualTo(m.path("area").asLong());
        }
        int best = r.path("best").asInt();
        JsonNode bestMask = r.path("masks").get(best);
        BinaryMask mask = CocoRle.fromJson(bestMask.path("rle").toString()).decode();
        double iou = mask.iou(scene.disc());
        System.out.printf("prompt API: one click on the disc, best of 4 (mask %d, IoU estimate %.3f) has IoU %.4f%n",
                best, bestMask.path("iouEstimate").asDouble(), iou);
        assertThat(iou).isGreaterThanOrEqualTo(0.9);
        ResponseEntity<byte[]> png = http.getForEntity(bestMask.path("png").asText(), byte[].class);
        assertThat(MaskImages.read(png.getBody(), ImageLimits.DEFAULT)).isEqualTo(mask);

        // The picked mask and the kept image make a concept without sending (or encoding) the image again.
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("imageId", imageId);
        form.add("mask", file(png.getBody(), "mask.png"));
        form.add("name", "clicked disc");
        ResponseEntity<String> created = http.postForEntity("/api/concepts", new HttpEntity<>(form, multipart()), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(json.readTree(created.getBody()).path("referenceWidth").asInt()).isEqualTo(600);
    }

    @Test
    void promptAlsoTakesTheImageAndFormFieldsInOneRequest() throws Exception {
        SyntheticScenes.Scene scene = ConceptScenes.reference();
        var spec = scene.spec();
        ResponseEntity<String> r = post("/api/segment/prompt", Map.of("image", file(ConceptScenes.png(scene), "s.png"),
                "points", "[{\"x\":" + spec.discCx() + ",\"y\":" + spec.discCy() + ",\"positive\":true}]"));
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode body = json.readTree(r.getBody());
        assertThat(body.path("imageId").asText()).isNotBlank();
        assertThat(body.path("masks")).hasSize(4);
        PixelBox disc = scene.discBox();
        // A box around the disc alone is also a prompt.
        ResponseEntity<String> boxed = post("/api/segment/prompt", Map.of("imageId", body.path("imageId").asText(),
                "box", "{\"x0\":" + (disc.x0() - 4) + ",\"y0\":" + (disc.y0() - 4) + ",\"x1\":" + (disc.x1() + 4)
                        + ",\"y1\":" + (disc.y1() + 4) + "}"));
        assertThat(boxed.getStatusCode()).as(boxed.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode b = json.readTree(boxed.getBody());
        BinaryMask boxMask = CocoRle.fromJson(b.path("masks").get(b.path("best").asInt()).path("rle").toString()).decode();
        System.out.printf("prompt API: box around the disc gives IoU %.4f%n", boxMask.iou(scene.disc()));
        assertThat(boxMask.iou(scene.disc())).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void badPromptsAreClientErrors() throws Exception {
        assertProblem(post("/api/segment/prompt", Map.of("imageId", "0123456789abcdef01234567", "points", "[{\"x\":1,\"y\":1}]")),
                HttpStatus.NOT_FOUND);
        SyntheticScenes.Scene scene = ConceptScenes.reference();
        String imageId = json.readTree(post("/api/segment/prompt/images", Map.of("image", file(ConceptScenes.png(scene), "s.png")))
                .getBody()).path("imageId").asText();
        assertProblem(post("/api/segment/prompt", Map.of("imageId", imageId)), HttpStatus.BAD_REQUEST, "point");
        assertProblem(post("/api/segment/prompt", Map.of("imageId", imageId, "points", "[{\"x\":5000,\"y\":1,\"positive\":true}]")),
                HttpStatus.BAD_REQUEST, "outside");
        assertProblem(post("/api/segment/prompt", Map.of("imageId", imageId, "points", "not json")), HttpStatus.BAD_REQUEST, "points");
        assertProblem(post("/api/segment/prompt/images", Map.of("image", file("hello".getBytes(StandardCharsets.UTF_8), "x.txt"))),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void openApiDocumentsTheConceptAndPromptEndpoints() throws Exception {
        JsonNode paths = json.readTree(get("/v3/api-docs").getBody()).path("paths");
        assertThat(paths.has("/api/concepts")).isTrue();
        assertThat(paths.has("/api/concepts/{id}/segment")).isTrue();
        assertThat(paths.has("/api/segment/prompt")).isTrue();
        assertThat(paths.has("/api/segment/prompt/images")).isTrue();
    }
}
