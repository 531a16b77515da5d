package dev.findling.jobs;

/**
 * What a long task sees of its job: it reports progress and calls {@link #checkpoint()} between items,
 * which is where pause and cancel take effect. Library ingestion and dataset cleaning run against this
 * interface, whoever drives them (the app's job registry, a CLI command, a test).
 */
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

    /** Adds a line to the job's messages (the most recent {@link JobLifecycle#MAX_MESSAGES} are kept). */
    void message(String text);

    /**
     * Call between items. Returns at once when nothing was asked; when a pause was asked, runs
     * {@code beforePause} first (to make the work so far durable — a paused job is a safe point to stop the
     * process), then blocks until resumed.
     *
     * @throws JobCancelledException when cancel was asked (before or during the pause), or the process is stopping
     */
    void checkpoint(Runnable beforePause);

    /** {@link #checkpoint(Runnable)} for work that has nothing to make durable before a pause. */
    default void checkpoint() {
        checkpoint(() -> {
        });
    }

    /** Whether cancel was asked (for tasks that must stop by other means than {@link #checkpoint()}). */
    boolean cancelRequested();
}
