package dev.findling.app.jobs;

/** What a running task sees of its job: progress reporting and the cooperative pause/cancel hooks. */
public interface JobContext {
    /** The job's id (for links in results). */
    String jobId();

    /**
     * Reports progress.
     *
     * @param done        items finished
     * @param total       items in all (0 when not known yet)
     * @param currentItem what is being worked on, for display; may be null
     */
    void progress(long done, long total, String currentItem);

    /** Adds a line to the job's messages (the most recent {@link JobRegistry#MAX_MESSAGES} are kept). */
    void message(String text);

    /**
     * Blocks while the job is paused; throws when it was cancelled. Call it between items.
     *
     * @throws JobCancelledException when cancel was requested
     */
    void checkpoint();

    /** Whether cancel was requested (for tasks that stop by other means than {@link #checkpoint()}). */
    boolean cancelRequested();
}
