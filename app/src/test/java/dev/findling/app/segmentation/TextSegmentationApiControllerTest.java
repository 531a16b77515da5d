package dev.findling.app.segmentation;

import dev.findling.app.ControllerSlice;
import dev.findling.app.system.NotFoundException;
import dev.findling.models.image.ImageDecodeException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The text segmentation API's request and response mapping over a mocked {@link TextSegmentationService};
 * {@link TextSegmentationApiTest} runs it end to end with the reference pack.
 */
@WebMvcTest(TextSegmentationApiController.class)
class TextSegmentationApiControllerTest extends ControllerSlice {
    private static final MockMultipartFile IMAGE = upload("image", "scene.png");

    @MockitoBean
    TextSegmentationService service;

    private ResultActions segmentRed() throws Exception {
        return mvc.perform(multipart("/api/segment/text").file(IMAGE).param("classes", "red"));
    }

    private void failsWith(ImageDecodeException.Reason reason, int status, String title) throws Exception {
        when(service.segment(any(), eq("red"), any())).thenThrow(new ImageDecodeException(reason, "the upload: " + reason));
        segmentRed().andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.reason").value(reason.name()))
                .andExpect(jsonPath("$.instance").value("/api/segment/text"));
    }

    @Test
    void aTextFileAsImageIs415() throws Exception {
        failsWith(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, 415, "Unsupported image format");
    }

    @Test
    void anImageWithTooManyPixelsIs413() throws Exception {
        failsWith(ImageDecodeException.Reason.TOO_MANY_PIXELS, 413, "Image has too many pixels");
    }

    @Test
    void aDamagedImageIs422() throws Exception {
        failsWith(ImageDecodeException.Reason.CORRUPT, 422, "Image is damaged");
    }

    @Test
    void withoutClassesItIs400BeforeTheServiceRuns() throws Exception {
        mvc.perform(multipart("/api/segment/text").file(IMAGE))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("classes")));
        verifyNoInteractions(service);
    }

    @Test
    void anUnknownResultIs404EvenForAClientThatOnlyAcceptsPng() throws Exception {
        when(service.result("gone")).thenThrow(new NotFoundException("segmentation result", "gone"));
        mvc.perform(get("/api/segment/text/gone"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.detail").value(containsString("gone")));
        mvc.perform(get("/api/segment/text/gone/labels.png")).andExpect(status().isNotFound());
        mvc.perform(get("/api/segment/text/gone/overlay.png").accept(MediaType.IMAGE_PNG)).andExpect(status().isNotFound());
        mvc.perform(get("/api/segment/text/gone/classes/1/mask.png")).andExpect(status().isNotFound());
    }
}
