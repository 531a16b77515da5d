package dev.findling.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload input that used to end in a 500 or a wrong answer: many separate images, long file names, archives that
 * cannot be extracted, a NaN score, an encoded slash in a path. Each is now a problem detail that says what is wrong
 * — or simply works.
 */
class UploadInputApiTest extends HardeningServerSupport {
    private static final byte[] TINY_PNG = PngWriter.rgb(RgbImage.wrap(2, 2, new byte[12]));

    @Test
    void sixtySeparateImagesAreParsedNotA500() throws IOException {
        Multipart form = new Multipart().field("concept", "no-such-concept");
        for (int i = 0; i < 60; i++) {
            form.file("images", "img-" + i + ".png", "image/png", TINY_PNG);
        }
        // The 404 for the unknown concept comes from the controller: the 61 parts were all read.
        JsonNode problem = assertProblem(post("/api/cleaning", form), 404);
        assertThat(problem.path("detail").asText()).contains("no-such-concept");
    }

    @Test
    void moreImagesThanThePartLimitAre413SuggestingAZip() throws IOException {
        Multipart form = new Multipart().field("concept", "no-such-concept");
        for (int i = 0; i < 1001; i++) {
            form.file("images", i + ".png", "image/png", TINY_PNG);
        }
        JsonNode problem = assertProblem(post("/api/cleaning", form), 413);
        assertThat(problem.path("detail").asText()).contains("1000 parts", "zip");
    }

    @Test
    void aLongFileNameIsReadAndAnAbsurdOneIsCalledTooLong() throws IOException {
        String longName = "a".repeat(466) + ".png"; // 470 bytes: over Tomcat's default part header size
        assertProblem(post("/api/cleaning", new Multipart().field("concept", "no-such-concept")
                .file("images", longName, "image/png", TINY_PNG)), 404);

        String absurd = "b".repeat(9000) + ".png";
        JsonNode problem = assertProblem(post("/api/cleaning", new Multipart().field("concept", "no-such-concept")
                .file("images", absurd, "image/png", TINY_PNG)), 400);
        assertThat(problem.path("title").asText()).isEqualTo("File name too long");
        assertThat(problem.path("detail").asText()).doesNotContain("MB");
    }

    @Test
    void archivesThatCannotBeExtractedAre400() throws IOException {
        byte[] noise = new byte[32 * 1024];
        new java.util.Random(3).nextBytes(noise);
        byte[] whole = zip(new String[]{"a.png"}, new byte[][]{noise});
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        JsonNode cut = assertProblem(post("/api/cleaning", withReference().file("images", "set.zip", "application/zip", truncated)), 400);
        assertThat(cut.path("detail").asText()).contains("cut short");

        byte[] link = zip(new String[]{"d", "d/evil7.jpg"}, new byte[][]{"/etc".getBytes(), {1}});
        JsonNode conflict = assertProblem(post("/api/cleaning", withReference().file("images", "link.zip", "application/zip", link)), 400);
        assertThat(conflict.path("detail").asText()).contains("a file and a folder of the same name");
    }

    @Test
    void aNaNScoreIsABadRequest() throws IOException {
        String id = createConcept("nan score");
        JsonNode problem = assertProblem(get("/api/concepts/" + id + "/matches?minScore=NaN"), 400);
        assertThat(problem.path("detail").asText()).contains("minScore");
    }

    @Test
    void anEncodedSlashInThePathIsAProblemDetail() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/concepts/a%2Fb")).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build());
        JsonNode problem = assertProblem(r, 400);
        assertThat(problem.path("detail").asText()).contains("%2F");
        assertThat(r.body()).doesNotContain("<html", "Tomcat");
    }

    private Multipart withReference() {
        SyntheticScenes.Scene ref = referenceScene();
        return new Multipart().file("reference", "ref.png", "image/png", png(ref))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(ref.disc()));
    }

    private static byte[] zip(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
