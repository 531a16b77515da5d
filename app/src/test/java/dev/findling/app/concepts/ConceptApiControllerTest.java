package dev.findling.app.concepts;

import dev.findling.app.ControllerSlice;
import dev.findling.app.packs.PackUnavailableException;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.EmptyMaskException;
import dev.findling.personalize.FineTuningUnsupportedException;
import dev.findling.personalize.MaskSizeMismatchException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The concepts API's request and response mapping — statuses, problem details, JSON shape — over a mocked
 * {@link ConceptService}; {@link ConceptApiTest} runs the same endpoints end to end with the reference pack.
 */
@WebMvcTest(ConceptApiController.class)
class ConceptApiControllerTest extends ControllerSlice {
    private static final byte[] PNG = {1, 2, 3};

    @MockitoBean
    ConceptService concepts;

    static Concept concept(String id) {
        return new Concept(id, "red disc", "findling-reference-v1", new float[] {1, 0}, new float[] {0, 1}, PNG,
                BinaryMask.empty(640, 480), Optional.empty(), Instant.parse("2026-01-02T03:04:05Z"));
    }

    private ResultActions create(MockMultipartFile... parts) throws Exception {
        var request = multipart("/api/concepts");
        for (MockMultipartFile part : parts) {
            request.file(part);
        }
        return mvc.perform(request.param("name", "red disc"));
    }

    private static MockMultipartFile part(String name) {
        return new MockMultipartFile(name, name + ".png", MediaType.IMAGE_PNG_VALUE, PNG);
    }

    private static void isProblem(ResultActions r, int status, String title) throws Exception {
        r.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").value(title));
    }

    @Test
    void createIs201WithLocationAndTheConceptsJson() throws Exception {
        when(concepts.create(eq("red disc"), any(), any(), eq(false))).thenReturn(concept("c-1"));
        create(part("image"), part("mask"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/concepts/c-1"))
                .andExpect(jsonPath("$.id").value("c-1"))
                .andExpect(jsonPath("$.name").value("red disc"))
                .andExpect(jsonPath("$.packId").value("findling-reference-v1"))
                .andExpect(jsonPath("$.fineTuned").value(false))
                .andExpect(jsonPath("$.weights").isEmpty())
                .andExpect(jsonPath("$.createdAt").value("2026-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.referenceWidth").value(640))
                .andExpect(jsonPath("$.referenceHeight").value(480))
                .andExpect(jsonPath("$.links.segment").value("/api/concepts/c-1/segment"))
                .andExpect(jsonPath("$.links.page").value("/concepts/c-1"));
    }

    @Test
    void anImageIdInsteadOfAnImageReusesTheUploadedImage() throws Exception {
        when(concepts.createFromPromptImage(eq("red disc"), eq("abc"), any(), eq(true))).thenReturn(concept("c-2"));
        mvc.perform(multipart("/api/concepts").file(part("mask")).param("name", "red disc").param("imageId", " abc ")
                        .param("fineTune", "true"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value("c-2"));
    }

    @Test
    void withoutAnImageItIs400NamingThePart() throws Exception {
        isProblem(create(part("mask")), 400, "Bad request");
        create(part("mask")).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'image'")))
                .andExpect(jsonPath("$.instance").value("/api/concepts"));
    }

    @Test
    void anEmptyMaskIs422() throws Exception {
        when(concepts.create(any(), any(), any(), anyBoolean())).thenThrow(new EmptyMaskException(640, 480));
        isProblem(create(part("image"), part("mask")), 422, "Empty mask");
    }

    @Test
    void aMaskOfAnotherSizeIs422NamingBothSizes() throws Exception {
        when(concepts.create(any(), any(), any(), anyBoolean())).thenThrow(new MaskSizeMismatchException(320, 240, 640, 480));
        ResultActions r = create(part("image"), part("mask"));
        isProblem(r, 422, "Mask size does not match the image");
        r.andExpect(jsonPath("$.maskWidth").value(320)).andExpect(jsonPath("$.maskHeight").value(240))
                .andExpect(jsonPath("$.imageWidth").value(640)).andExpect(jsonPath("$.imageHeight").value(480));
    }

    @Test
    void fineTuningOnADecoderWithFewerThanThreeCandidatesIs422SayingWhatToDo() throws Exception {
        when(concepts.create(any(), any(), any(), eq(true))).thenThrow(new FineTuningUnsupportedException("two-mask", 2));
        ResultActions r = mvc.perform(multipart("/api/concepts").file(part("image")).file(part("mask"))
                .param("name", "red disc").param("fineTune", "true"));
        isProblem(r, 422, "Fine-tuning is not possible with this decoder");
        r.andExpect(jsonPath("$.detail").value("PerSAM-F mixes three multimask candidates but the two-mask decoder "
                        + "returns 2; create the concept without fine-tuning (plain PerSAM works with this decoder)"))
                .andExpect(jsonPath("$.dialect").value("two-mask"))
                .andExpect(jsonPath("$.multimaskCandidates").value(2))
                .andExpect(jsonPath("$.instance").value("/api/concepts"));
    }

    @Test
    void anUploadThatIsNotAnImageIs415() throws Exception {
        when(concepts.create(any(), any(), any(), anyBoolean())).thenThrow(
                new ImageDecodeException(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, "not an image: text"));
        ResultActions r = create(part("image"), part("mask"));
        r.andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.reason").value("UNSUPPORTED_FORMAT"));
        when(concepts.segment(eq("c-1"), any(), anyInt())).thenThrow(
                new ImageDecodeException(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, "not an image: text"));
        mvc.perform(multipart("/api/concepts/c-1/segment").file(part("image"))).andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void unknownConceptsAre404NamingTheId() throws Exception {
        when(concepts.get("nope")).thenThrow(new ConceptNotFoundException("nope"));
        doThrow(new ConceptNotFoundException("nope")).when(concepts).delete("nope");
        when(concepts.segment(eq("nope"), any(), anyInt())).thenThrow(new ConceptNotFoundException("nope"));
        ResultActions r = mvc.perform(get("/api/concepts/nope"));
        isProblem(r, 404, "Not found");
        r.andExpect(jsonPath("$.detail").value("There is no concept with id 'nope'."))
                .andExpect(jsonPath("$.instance").value("/api/concepts/nope"));
        mvc.perform(delete("/api/concepts/nope")).andExpect(status().isNotFound());
        mvc.perform(multipart("/api/concepts/nope/segment").file(part("image"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/concepts/nope/reference.png")).andExpect(status().isNotFound());
    }

    @Test
    void aConceptOfAnotherPackIs409() throws Exception {
        when(concepts.segment(eq("c-1"), any(), anyInt())).thenThrow(new ConceptPackMismatchException("old-pack", "new-pack"));
        isProblem(mvc.perform(multipart("/api/concepts/c-1/segment").file(part("image"))), 409,
                "Concept belongs to another model pack");
    }

    @Test
    void tooManyInstancesIs400AndTheCountReachesTheService() throws Exception {
        when(concepts.segment(eq("c-1"), any(), eq(500))).thenThrow(
                new IllegalArgumentException("maxInstances must be between 1 and 20 but is 500"));
        ResultActions r = mvc.perform(multipart("/api/concepts/c-1/segment").file(part("image")).param("maxInstances", "500"));
        isProblem(r, 400, "Bad request");
        r.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("maxInstances")));
        verify(concepts).segment(eq("c-1"), any(), eq(500));
    }

    @Test
    void aPackThatDidNotLoadIs503NamingItsFolder() throws Exception {
        when(concepts.list()).thenThrow(new PackUnavailableException(Path.of("/packs/x"), "pack.json is empty"));
        ResultActions r = mvc.perform(get("/api/concepts"));
        isProblem(r, 503, "Model pack unavailable");
        r.andExpect(jsonPath("$.packDirectory").value(Path.of("/packs/x").toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("pack.json is empty")));
    }

    @Test
    void listReadAndDeleteMapToTheService() throws Exception {
        when(concepts.list()).thenReturn(List.of(concept("c-1"), concept("c-2")));
        when(concepts.get("c-1")).thenReturn(concept("c-1"));
        mvc.perform(get("/api/concepts")).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(org.hamcrest.Matchers.contains("c-1", "c-2")));
        mvc.perform(get("/api/concepts/c-1")).andExpect(status().isOk()).andExpect(jsonPath("$.links.self").value("/api/concepts/c-1"));
        mvc.perform(get("/api/concepts/c-1/reference.png")).andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG)).andExpect(content().bytes(PNG));
        mvc.perform(delete("/api/concepts/c-1")).andExpect(status().isNoContent());
        verify(concepts).delete("c-1");
    }
}
