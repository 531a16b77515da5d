package dev.findling.app.jobs;

import dev.findling.jobs.JobRecord;

/**
 * What the registry needs to know about one type of job beyond running it: how to run an interrupted one again from
 * its record, and what to free when one is deleted or expires. Features register theirs with
 * {@link JobRegistry#registerKind(String, JobKind)}.
 */
public interface JobKind {
    /**
     * The task that runs an interrupted job again, built from its record's params.
     *
     * @throws RuntimeException (a problem detail) when it cannot run again, e.g. its library root is gone
     */
    JobTask resume(JobRecord record);

    /** Frees what the job left on disk (its work folder, its results). Called once, after its record is gone. */
    void discard(JobRecord record);
}
