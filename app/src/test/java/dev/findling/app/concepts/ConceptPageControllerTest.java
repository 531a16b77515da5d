package dev.findling.app.concepts;

import dev.findling.app.ControllerSlice;
import dev.findling.app.packs.PackState;
import dev.findling.personalize.FineTuningUnsupportedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.file.Path;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The concept form's answers to a failed create, over a mocked {@link ConceptService}. */
@WebMvcTest(ConceptPageController.class)
class ConceptPageControllerTest extends ControllerSlice {
    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConceptService concepts;

    @Test
    void fineTuningOnADecoderWithFewerThanThreeCandidatesShowsTheSentenceInTheForm() throws Exception {
        // The page footer shows the pack's state; any state will do here.
        when(activePack.state()).thenReturn(new PackState.Failed(Path.of("packs", "two-mask"), "not needed here"));
        when(concepts.create(eq("mug"), any(), any(), eq(true))).thenThrow(new FineTuningUnsupportedException("two-mask", 2));
        byte[] png = {1, 2, 3};
        mvc.perform(multipart("/concepts")
                        .file(new MockMultipartFile("image", "i.png", MediaType.IMAGE_PNG_VALUE, png))
                        .file(new MockMultipartFile("mask", "m.png", MediaType.IMAGE_PNG_VALUE, png))
                        .param("name", "mug").param("fineTune", "true"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("PerSAM-F mixes three multimask candidates but the two-mask "
                        + "decoder returns 2; create the concept without fine-tuning")));
    }
}
