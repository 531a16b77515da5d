package dev.findling.app.jobs;

import dev.findling.app.ControllerSlice;
import dev.findling.jobs.JobState;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The jobs API's request and response mapping — the status JSON, 404/409/503 as problem details, 204 on delete —
 * over a mocked {@link JobRegistry}; the registry's own behaviour is {@link JobRegistryTest}'s, the end-to-end flows
 * the cleaning and library server tests'.
 */
@WebMvcTest(JobApiController.class)
class JobApiControllerTest extends ControllerSlice {
    @MockitoBean
    JobRegistry jobs;

    static JobStatus jobIn(String id, JobState state) {
        boolean finished = state.isTerminal();
        return new JobStatus(id, "cleaning", "Clean 3 photos", state, 2, 3, 2 / 3.0, "img-2.jpg", List.of("started"),
                null, finished ? Map.of("kept", 2) : null, Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:04:06Z"), finished ? Instant.parse("2026-01-02T03:05:00Z") : null);
    }

    @Test
    void aJobsStatusIsItsJsonWithTheStateInLowerCase() throws Exception {
        when(jobs.find("j-1")).thenReturn(Optional.of(jobIn("j-1", JobState.RUNNING)));
        mvc.perform(get("/api/jobs/j-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("j-1"))
                .andExpect(jsonPath("$.type").value("cleaning"))
                .andExpect(jsonPath("$.state").value("running"))
                .andExpect(jsonPath("$.done").value(2))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.currentItem").value("img-2.jpg"))
                .andExpect(jsonPath("$.createdAt").value("2026-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.finishedAt").isEmpty())
                .andExpect(jsonPath("$.error").isEmpty());
    }

    @Test
    void theListIsAnArrayOfStatuses() throws Exception {
        when(jobs.list()).thenReturn(List.of(jobIn("j-2", JobState.COMPLETED), jobIn("j-1", JobState.QUEUED)));
        mvc.perform(get("/api/jobs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("j-2"))
                .andExpect(jsonPath("$[0].result.kept").value(2))
                .andExpect(jsonPath("$[1].state").value("queued"));
    }

    @Test
    void anUnknownJobIs404ForItsStatusAndItsEventStream() throws Exception {
        when(jobs.find("gone")).thenReturn(Optional.empty());
        expectProblem(mvc.perform(get("/api/jobs/gone")), 404, "Not found")
                .andExpect(jsonPath("$.instance").value("/api/jobs/gone"));
        expectProblem(mvc.perform(get("/api/jobs/gone/events")), 404, "Not found");
    }

    @Test
    void pausingAFinishedJobIs409NamingItsState() throws Exception {
        when(jobs.pause("j-1")).thenThrow(new JobStateException("j-1", JobState.COMPLETED, "paused"));
        expectProblem(mvc.perform(post("/api/jobs/j-1/pause")), 409, "Job state does not allow this")
                .andExpect(jsonPath("$.state").value("completed"))
                .andExpect(jsonPath("$.detail").value("Job 'j-1' is completed and cannot be paused."));
    }

    @Test
    void resumingIntoAFullQueueIs503() throws Exception {
        when(jobs.resume("j-1")).thenThrow(new JobQueueFullException(16));
        expectProblem(mvc.perform(post("/api/jobs/j-1/resume")), 503, "Job queue is full");
    }

    @Test
    void cancelAnswersTheNewStatus() throws Exception {
        when(jobs.cancel("j-1")).thenReturn(jobIn("j-1", JobState.CANCELLED));
        mvc.perform(post("/api/jobs/j-1/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("cancelled"));
    }

    @Test
    void deleteIs204AndAnActiveJobIs409() throws Exception {
        mvc.perform(delete("/api/jobs/j-1")).andExpect(status().isNoContent());
        verify(jobs).delete("j-1");
        doThrow(new JobStateException("j-2", JobState.RUNNING, "deleted")).when(jobs).delete("j-2");
        expectProblem(mvc.perform(delete("/api/jobs/j-2")), 409, "Job state does not allow this");
    }
}
