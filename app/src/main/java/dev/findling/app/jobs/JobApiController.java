package dev.findling.app.jobs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Background jobs over HTTP: status, a server-sent event stream of progress, and pause/resume/cancel. */
@RestController
@RequestMapping(path = "/api/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "jobs", description = "Long-running work (dataset cleaning, library ingestion): progress, events, control")
class JobApiController {
    /** An event stream ends after this long even if the job has not (the browser's EventSource reconnects). */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final JobRegistry jobs;

    JobApiController(JobRegistry jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    @Operation(summary = "List jobs", description = "Running, queued and recently finished jobs, newest first.")
    List<JobStatus> list() {
        return jobs.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job's status")
    @ApiResponse(responseCode = "404", description = "No such job (or finished and evicted)", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus get(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "A job's progress as server-sent events",
            description = "Each event is named `status` and carries the job's status JSON (as GET /api/jobs/{id}); the "
                    + "first one is sent at once, then one per change (progress at most every 100 ms). The stream ends "
                    + "after the event with a final state (completed, failed, cancelled).")
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter events(@PathVariable String id) {
        jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        AtomicLong sequence = new AtomicLong();
        AtomicReference<Runnable> unsubscribe = new AtomicReference<>(() -> { });
        Runnable stop = () -> unsubscribe.get().run();
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        unsubscribe.set(jobs.subscribe(id, status -> {
            try {
                emitter.send(SseEmitter.event().name("status").id(Long.toString(sequence.incrementAndGet()))
                        .data(status, MediaType.APPLICATION_JSON));
                if (status.state().isTerminal()) {
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away; the registry drops this listener.
                throw new IllegalStateException("event stream closed", e);
            }
        }));
        return emitter;
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause a running job", description = "Takes effect when the job finishes its current item.")
    @ApiResponse(responseCode = "409", description = "The job is not running", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus pause(@PathVariable String id) {
        return jobs.pause(id);
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a paused job")
    @ApiResponse(responseCode = "409", description = "The job is not paused", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus resume(@PathVariable String id) {
        return jobs.resume(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "A queued job is cancelled at once; a running or paused one "
            + "after its current item.")
    @ApiResponse(responseCode = "409", description = "The job has already ended", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }
}
