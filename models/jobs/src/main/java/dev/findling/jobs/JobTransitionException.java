package dev.findling.jobs;

/** A pause, resume or cancel that the job's state does not allow, e.g. pausing a finished job. */
public final class JobTransitionException extends IllegalStateException {
    private final String jobId;
    private final JobState state;
    private final String action;

    public JobTransitionException(String jobId, JobState state, String action) {
        super("Job '" + jobId + "' is " + state.code() + " and cannot be " + action + ".");
        this.jobId = jobId;
        this.state = state;
        this.action = action;
    }

    public String jobId() {
        return jobId;
    }

    public JobState state() {
        return state;
    }

    /** What was asked, as a past participle: "paused", "resumed", "cancelled", "deleted". */
    public String action() {
        return action;
    }
}
