package dev.findling.app.cleaning;

import dev.findling.app.ControllerSlice;
import dev.findling.app.TestData;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.system.NotFoundException;
import dev.findling.jobs.JobState;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.cleaning.CleaningOptions;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.ErrorResponseException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The cleaning API's request and response mapping over a mocked {@link CleaningService} and {@link CleaningFiles}:
 * the subject given one way or the other, the options reaching the service, 202 with the job, 400/404/409 as problem
 * details, the result zip as an attachment; {@link CleaningServerTest} runs a cleaning end to end.
 */
@WebMvcTest(CleaningApiController.class)
class CleaningApiControllerTest extends ControllerSlice {
    private static final MockMultipartFile IMAGES = upload("images", "a.png");

    @MockitoBean
    CleaningService cleaning;

    @MockitoBean
    CleaningFiles files;

    private static JobStatus queued(String id) {
        return new JobStatus(id, "cleaning", "Clean 1 photo", JobState.QUEUED, 0, 1, 0, null, List.of(), null, null,
                Instant.parse("2026-01-02T03:04:05Z"), null, null);
    }

    @Test
    void aStoredConceptAndImagesAre202WithTheJobAndTheOptionsAsSent() throws Exception {
        when(cleaning.submit(any(), anyList(), any())).thenReturn(queued("j-1"));
        mvc.perform(multipart("/api/cleaning").file(IMAGES).param("concept", " c-1 ").param("minArea", "0.05")
                        .param("square", "true"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/jobs/j-1"))
                .andExpect(jsonPath("$.id").value("j-1"))
                .andExpect(jsonPath("$.state").value("queued"));
        ArgumentCaptor<CleaningService.ConceptSource> source = ArgumentCaptor.forClass(CleaningService.ConceptSource.class);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<CleaningService.Upload>> uploads = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<CleaningOptions> options = ArgumentCaptor.forClass(CleaningOptions.class);
        verify(cleaning).submit(source.capture(), uploads.capture(), options.capture());
        assertThat(source.getValue()).isEqualTo(new CleaningService.ConceptSource.Stored("c-1"));
        assertThat(uploads.getValue()).singleElement().extracting(CleaningService.Upload::originalFilename).isEqualTo("a.png");
        assertThat(options.getValue().minAreaRatio()).isEqualTo(0.05);
        assertThat(options.getValue().squareCrops()).isTrue();
        assertThat(options.getValue().rejectAmbiguous()).isTrue();
    }

    @Test
    void aConceptAndAReferenceTogetherOrNeitherAre400AndNothingIsQueued() throws Exception {
        MockMultipartFile reference = upload("reference", "r.png");
        MockMultipartFile mask = upload("mask", "m.png");
        expectProblem(mvc.perform(multipart("/api/cleaning").file(IMAGES).file(reference).file(mask).param("concept", "c-1")),
                400, "Bad request").andExpect(jsonPath("$.detail").value(containsString("not both")));
        expectProblem(mvc.perform(multipart("/api/cleaning").file(IMAGES).file(reference)), 400, "Bad request")
                .andExpect(jsonPath("$.detail").value(containsString("name the subject")));
        verifyNoInteractions(cleaning);
    }

    @Test
    void anOptionOutOfRangeOrNoImagesIs400() throws Exception {
        expectProblem(mvc.perform(multipart("/api/cleaning").file(IMAGES).param("concept", "c-1").param("minArea", "2")),
                400, "Bad request").andExpect(jsonPath("$.detail").value(containsString("minimum area ratio")));
        mvc.perform(multipart("/api/cleaning").param("concept", "c-1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(cleaning);
    }

    @Test
    void anUnknownConceptIs404() throws Exception {
        when(cleaning.submit(any(), anyList(), any())).thenThrow(new ConceptNotFoundException("c-9"));
        expectProblem(mvc.perform(multipart("/api/cleaning").file(IMAGES).param("concept", "c-9")), 404, "Not found")
                .andExpect(jsonPath("$.detail").value("There is no concept with id 'c-9'."));
    }

    @Test
    void theResultOfARunningJobIs409AndOfAnUnknownOne404() throws Exception {
        ProblemDetail running = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The cleaning run is running");
        running.setTitle("Cleaning run not completed");
        when(files.completed("j-1")).thenThrow(new ErrorResponseException(HttpStatus.CONFLICT, running, null));
        expectProblem(mvc.perform(get("/api/cleaning/j-1/result.zip")), 409, "Cleaning run not completed");
        when(files.completed("nope")).thenThrow(new NotFoundException("cleaning run", "nope"));
        expectProblem(mvc.perform(get("/api/cleaning/nope/manifest.json")), 404, "Not found");
    }

    @Test
    void aCompletedRunsZipIsAnAttachmentNamedAfterTheJob() throws Exception {
        Path work = TestData.newTempDir("findling-cleaning-slice-");
        Files.write(work.resolve("result.zip"), new byte[] {'P', 'K', 3, 4});
        when(files.completed("0123456789abcdef")).thenReturn(new CleaningRun("0123456789abcdef", "mug",
                CleaningOptions.defaults(), work, Optional.empty()));
        mvc.perform(get("/api/cleaning/0123456789abcdef/result.zip"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/zip"))
                .andExpect(header().string("Content-Disposition", containsString("cleaned-01234567.zip")))
                .andExpect(content().bytes(new byte[] {'P', 'K', 3, 4}));
    }
}
