package dev.findling.app.jobs;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.annotation.PreDestroy;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final ExecutorService senders = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicLong n = new AtomicLong();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "findling-job-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    JobApiController(JobRegistry jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    @Operation(summary = "List jobs", description = "Queued, running and paused jobs, and finished ones still kept "
            + "(completed, failed, cancelled, interrupted — see findling.jobs.retention), newest first.")
    List<JobStatus> list() {
        return jobs.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job's status")
    @ApiResponse(responseCode = "404", description = "No such job (or deleted, or finished and expired)", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus get(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "A job's progress as server-sent events",
            description = "Each event is named `status` and carries the job's status JSON (as GET /api/jobs/{id}); the "
                    + "first one is sent at once, then one per change (progress at most every 100 ms; a slow client gets the "
                    + "latest status, skipping ones it could not take in time). The stream ends after the event with a "
                    + "final state (completed, failed, cancelled, interrupted).")
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter events(@PathVariable String id) {
        jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        StatusStream stream = new StatusStream(emitter, senders);
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(e -> stream.stop());
        stream.unsubscribe = jobs.subscribe(id, stream::offer);
        return emitter;
    }

    @PreDestroy
    void stopSenders() {
        senders.shutdownNow();
    }

    /**
     * Sends a job's statuses to one client on a sender thread, never on the job's own thread: a slow or stalled
     * client must not hold up the work. Statuses are coalesced — the client always gets the latest one, and the
     * final status is always the last one sent — so a flood of progress cannot queue up either.
     */
    static final class StatusStream {
        private final SseEmitter emitter;
        private final ExecutorService senders;
        private final AtomicReference<JobStatus> latest = new AtomicReference<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicLong sequence = new AtomicLong();
        private volatile boolean stopped;
        volatile Runnable unsubscribe = () -> { };

        StatusStream(SseEmitter emitter, ExecutorService senders) {
            this.emitter = emitter;
            this.senders = senders;
        }

        void offer(JobStatus status) {
            if (stopped) {
                throw new IllegalStateException("event stream closed"); // the job drops this listener
            }
            latest.set(status);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    stop();
                }
            }
        }

        private void drain() {
            while (true) {
                JobStatus s = latest.getAndSet(null);
                if (s == null) {
                    scheduled.set(false);
                    // A status offered between getAndSet and set(false) must not be left behind.
                    if (latest.get() != null && scheduled.compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
                try {
                    emitter.send(SseEmitter.event().name("status").id(Long.toString(sequence.incrementAndGet()))
                            .data(s, MediaType.APPLICATION_JSON));
                    if (s.state().isTerminal()) {
                        stopped = true;
                        emitter.complete();
                        return;
                    }
                } catch (IOException | IllegalStateException e) {
                    stop();
                    return;
                }
            }
        }

        void stop() {
            stopped = true;
            unsubscribe.run();
        }
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause a running job", description = "Takes effect when the job finishes its current item.")
    @ApiResponse(responseCode = "409", description = "The job is not running", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus pause(@PathVariable String id) {
        return jobs.pause(id);
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a paused or interrupted job", description = "A paused job goes on from its checkpoint; "
            + "an interrupted one (its server stopped under it) is queued to run again under the same id — an ingestion "
            + "continues from its last commit, a cleaning run starts over from its stored uploads.")
    @ApiResponse(responseCode = "409", description = "The job is neither paused nor interrupted", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "An interrupted job found the queue full", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    JobStatus resume(@PathVariable String id) {
        return jobs.resume(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a job that is not active", description = "Removes a completed, failed, cancelled or "
            + "interrupted job with its record and files (a cleaning run's uploads and result.zip).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The job is queued, running or paused: cancel it first",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@PathVariable String id) {
        jobs.delete(id);
        return ResponseEntity.noContent().build();
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
