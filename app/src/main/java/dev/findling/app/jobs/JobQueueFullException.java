package dev.findling.app.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** More jobs are waiting than the queue holds (503); the client retries later. */
public final class JobQueueFullException extends ErrorResponseException {
    public JobQueueFullException(int capacity) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(capacity), null);
    }

    private static ProblemDetail problem(int capacity) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                capacity + " jobs are already waiting; try again when some have finished.");
        p.setTitle("Job queue is full");
        return p;
    }
}
