package dev.findling.app.concepts;

import dev.findling.app.ControllerSlice;
import dev.findling.app.system.NotFoundException;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.ImageEmbedding;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Click-to-segment's request and response mapping over a mocked {@link PromptSegmentation}: the upload's 201, the
 * four masks with their RLE, box and PNG link, 400/404/415 as problem details before or instead of a decoder run;
 * {@code RealArchServerTest} and {@code ClickToSegmentOnSamFamilyTest} run it on real architectures.
 */
@WebMvcTest(PromptApiController.class)
class PromptApiControllerTest extends ControllerSlice {
    private static final RgbImage IMAGE = RgbImage.of(64, 48, new byte[64 * 48 * 3]);
    private static final PromptSegmentation.PromptImage KEPT = new PromptSegmentation.PromptImage("img-1", IMAGE,
            new ImageEmbedding("findling-reference-v1", 2, 4, 4, new float[32], ResizeGeometry.of(48, 64, 64)), 12);

    @MockitoBean
    PromptSegmentation prompts;

    private static MockMultipartFile png() {
        return new MockMultipartFile("image", "p.png", MediaType.IMAGE_PNG_VALUE, PngWriter.rgb(IMAGE));
    }

    private ResultActions decodeJson(String body) throws Exception {
        return mvc.perform(post("/api/segment/prompt").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void anUploadIs201WithTheImagesIdSizeAndPack() throws Exception {
        when(prompts.register(any())).thenReturn(KEPT);
        mvc.perform(multipart("/api/segment/prompt/images").file(png()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.imageId").value("img-1"))
                .andExpect(jsonPath("$.width").value(64))
                .andExpect(jsonPath("$.height").value(48))
                .andExpect(jsonPath("$.packId").value("findling-reference-v1"))
                .andExpect(jsonPath("$.encodeMillis").value(12));
    }

    @Test
    void aTextFileIs415AndNothingIsEncoded() throws Exception {
        MockMultipartFile text = new MockMultipartFile("image", "notes.txt", MediaType.TEXT_PLAIN_VALUE,
                "hello".getBytes(StandardCharsets.UTF_8));
        expectProblem(mvc.perform(multipart("/api/segment/prompt/images").file(text)), 415, "Unsupported image format");
        verifyNoInteractions(prompts);
    }

    @Test
    void aClickAnswersEveryMaskWithItsRleBoxAndPngLink() throws Exception {
        byte[] bits = new byte[64 * 48];
        for (int y = 10; y < 20; y++) {
            for (int x = 5; x < 15; x++) {
                bits[y * 64 + x] = 1;
            }
        }
        BinaryMask block = BinaryMask.wrap(64, 48, bits);
        when(prompts.image("img-1")).thenReturn(KEPT);
        when(prompts.decode(eq(KEPT), anyList(), isNull())).thenReturn(new PromptSegmentation.Decoded(KEPT, "r-1",
                List.of(new PromptSegmentation.Candidate(0, 0.5f, BinaryMask.empty(64, 48)),
                        new PromptSegmentation.Candidate(1, 0.9f, block)), 1, false, 3));
        decodeJson("{\"imageId\":\" img-1 \",\"points\":[{\"x\":10,\"y\":15,\"positive\":true}]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resultId").value("r-1"))
                .andExpect(jsonPath("$.best").value(1))
                .andExpect(jsonPath("$.masks.length()").value(2))
                .andExpect(jsonPath("$.masks[0].box").isEmpty())
                .andExpect(jsonPath("$.masks[1].area").value(100))
                .andExpect(jsonPath("$.masks[1].box.x0").value(5))
                .andExpect(jsonPath("$.masks[1].rle.size[0]").value(48))
                .andExpect(jsonPath("$.masks[1].png").value("/api/segment/prompt/results/r-1/"
                        + PromptSegmentation.maskFile(1)))
                .andExpect(jsonPath("$.points[0].x").value(10))
                .andExpect(jsonPath("$.decodeMillis").value(3));
    }

    @Test
    void withoutAnImageIdOrAPromptItIs400BeforeTheDecoderRuns() throws Exception {
        expectProblem(decodeJson("{\"points\":[{\"x\":1,\"y\":1,\"positive\":true}]}"), 400, "Bad request")
                .andExpect(jsonPath("$.detail").value(containsString("imageId is required")));
        when(prompts.image("img-1")).thenReturn(KEPT);
        expectProblem(decodeJson("{\"imageId\":\"img-1\"}"), 400, "Bad request")
                .andExpect(jsonPath("$.detail").value("give at least one point or a box"));
        verify(prompts, never()).decode(any(), any(), any());
    }

    @Test
    void anExpiredImageIdIs404() throws Exception {
        when(prompts.image("old")).thenThrow(new NotFoundException("prompt image", "old"));
        expectProblem(decodeJson("{\"imageId\":\"old\",\"points\":[{\"x\":1,\"y\":1,\"positive\":true}]}"), 404,
                "Not found");
    }

    @Test
    void malformedPointsInAMultipartRequestAre400NamingTheField() throws Exception {
        when(prompts.register(any())).thenReturn(KEPT);
        expectProblem(mvc.perform(multipart("/api/segment/prompt").file(png()).param("points", "[{x:1}")), 400,
                "Bad request")
                .andExpect(jsonPath("$.detail").value(containsString("'points' is not valid JSON")));
        expectProblem(mvc.perform(multipart("/api/segment/prompt").param("points", "[]")), 400, "Bad request")
                .andExpect(jsonPath("$.detail").value(containsString("'image' or an 'imageId'")));
    }

    @Test
    void aClickOutsideTheImageIs400WithTheDecodersSentence() throws Exception {
        when(prompts.image("img-1")).thenReturn(KEPT);
        when(prompts.decode(eq(KEPT), anyList(), isNull()))
                .thenThrow(new IllegalArgumentException("point (99, 1) lies outside the 64×48 image"));
        expectProblem(decodeJson("{\"imageId\":\"img-1\",\"points\":[{\"x\":99,\"y\":1,\"positive\":true}]}"), 400,
                "Bad request").andExpect(jsonPath("$.detail").value("point (99, 1) lies outside the 64×48 image"));
    }

    @Test
    void anUnknownResultFileIs404() throws Exception {
        when(prompts.file("r-9", "mask-1.png")).thenReturn(Optional.empty());
        expectProblem(mvc.perform(get("/api/segment/prompt/results/r-9/mask-1.png")), 404, "Not found");
    }
}
