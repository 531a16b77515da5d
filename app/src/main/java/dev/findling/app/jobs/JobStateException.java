package dev.findling.app.jobs;

import dev.findling.jobs.JobState;
import dev.findling.jobs.JobTransitionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A pause/resume/cancel/delete that the job's state does not allow (409), e.g. pausing a finished job. */
public final class JobStateException extends ErrorResponseException {
    public JobStateException(String jobId, JobState state, String action) {
        super(HttpStatus.CONFLICT, problem(jobId, state, action), null);
    }

    JobStateException(JobTransitionException e) {
        this(e.jobId(), e.state(), e.action());
    }

    private static ProblemDetail problem(String jobId, JobState state, String action) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Job '" + jobId + "' is " + state.code() + " and cannot be " + action + ".");
        p.setTitle("Job state does not allow this");
        p.setProperty("state", state.code());
        return p;
    }
}
