package dev.findling.app.jobs;

import dev.findling.jobs.JobContext;

/**
 * The work of a job. It reports progress through the context and calls {@link JobContext#checkpoint()}
 * between items so that pause and cancel take effect; its return value is the job's result (serialised
 * to JSON in the job's status and record, so keep it small — links to files, counts).
 */
@FunctionalInterface
public interface JobTask {
    Object run(JobContext context) throws Exception;
}
