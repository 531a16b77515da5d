package dev.findling.app.packs;

import dev.findling.app.ControllerSlice;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.system.NotFoundException;
import dev.findling.jobs.JobState;
import dev.findling.models.pack.PackException;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The packs API's request and response mapping over a mocked {@link ActivePack} and {@link PackDownloads}: the active
 * pack's summary (the generated reference pack, marked as such), 503 when it did not load, 422 for a folder that is
 * not a pack, 202 with the job for a download; {@link PackSwitchServerTest} runs the switch end to end.
 */
@WebMvcTest(PackApiController.class)
class PackApiControllerTest extends ControllerSlice {
    @MockitoBean
    PackDownloads downloads;

    @Test
    void theActivePackIsSummarisedWithItsRolesAndMarkedReference() throws Exception {
        when(activePack.require()).thenReturn(ReferencePackFixture.pack());
        mvc.perform(get("/api/packs/active"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(ReferencePack.ID))
                .andExpect(jsonPath("$.reference").value(true))
                .andExpect(jsonPath("$.executionProvider").value("CPU"))
                .andExpect(jsonPath("$.roles[?(@.role == 'image-encoder')]").exists())
                .andExpect(jsonPath("$.roles[?(@.role == 'mask-decoder')]").exists());
    }

    @Test
    void aPackThatFailedToLoadIs503WithItsFolder() throws Exception {
        when(activePack.require()).thenThrow(new PackUnavailableException(Path.of("/packs/x"), "pack.json is empty"));
        expectProblem(mvc.perform(get("/api/packs/active")), 503, "Model pack unavailable")
                .andExpect(jsonPath("$.packDirectory").value(Path.of("/packs/x").toString()));
    }

    @Test
    void switchingToAFolderThatIsNotAPackIs422AndWithoutAFolder400() throws Exception {
        when(activePack.switchTo(any())).thenThrow(new PackException("/tmp/empty has no pack.json"));
        expectProblem(switchTo("{\"directory\":\"/tmp/empty\"}"), 422, "Not a usable model pack")
                .andExpect(jsonPath("$.detail").value("/tmp/empty has no pack.json"));
        expectProblem(switchTo("{}"), 400, "Bad request")
                .andExpect(jsonPath("$.detail").value(containsString("directory is required")));
    }

    @Test
    void switchingAnswersTheNewPacksSummary() throws Exception {
        Path dir = ReferencePackFixture.directory();
        when(activePack.switchTo(dir)).thenReturn(ReferencePackFixture.pack());
        switchTo("{\"directory\":\" " + dir.toString().replace("\\", "\\\\") + " \"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(ReferencePack.ID));
        verify(activePack).switchTo(dir); // the folder as given, stripped of the spaces around it
    }

    @Test
    void aDownloadIs202WithTheJobAndItsLocation() throws Exception {
        JobStatus job = new JobStatus("j-7", PackDownloads.JOB_TYPE, "Download and use mobilesam", JobState.QUEUED, 0, 0,
                0, null, List.of(), null, null, Instant.parse("2026-01-02T03:04:05Z"), null, null);
        when(downloads.downloadAndUse("mobilesam")).thenReturn(job);
        mvc.perform(post("/api/packs/known/mobilesam/download"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/jobs/j-7"))
                .andExpect(jsonPath("$.type").value(PackDownloads.JOB_TYPE))
                .andExpect(jsonPath("$.state").value("queued"));
    }

    @Test
    void anUnknownPackNameIs404() throws Exception {
        when(downloads.downloadAndUse("nope")).thenThrow(new NotFoundException("known pack", "nope"));
        expectProblem(mvc.perform(post("/api/packs/known/nope/download")), 404, "Not found");
    }

    /** No handler matches, so the problem body comes from the server's error page (ErrorPageController), not a slice. */
    @Test
    void aSwitchWithoutAJsonBodyIs415BeforeThePackIsTouched() throws Exception {
        mvc.perform(put("/api/packs/active").contentType(MediaType.TEXT_PLAIN).content("/tmp/x"))
                .andExpect(status().isUnsupportedMediaType());
        verifyNoInteractions(downloads);
        verify(activePack, never()).switchTo(any());
    }

    private ResultActions switchTo(String json) throws Exception {
        return mvc.perform(put("/api/packs/active").contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
