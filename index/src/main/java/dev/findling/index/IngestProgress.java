package dev.findling.index;

import dev.findling.jobs.JobState;

import java.time.Duration;

/**
 * A snapshot of an ingestion run, delivered to {@link IngestListener}s (the app turns these into
 * server-sent events and a CLI progress bar).
 *
 * @param rootId      the root being ingested
 * @param mode        the run's mode
 * @param state       where the run is ({@code running} while scanning too, see {@link #scanning()};
 *                    {@code interrupted} when the library closed under it)
 * @param done        files handled so far (processed, unchanged or failed)
 * @param total       supported files found by the scan; -1 while scanning
 * @param currentFile the file being handled (relative path), or null
 * @param processed   files decoded and (re-)indexed
 * @param unchanged   files skipped because they were indexed before and did not change
 * @param removed     index entries removed because their file is gone
 * @param errors      files reported and skipped (including scan problems such as links leaving the root)
 * @param committed   files whose results are durable (committed to the index)
 * @param elapsed     time since the run started
 * @param message     a failure message when {@code state == FAILED}; while running, a step beyond the files
 *                    ("merging the index for fast search"); otherwise null
 */
public record IngestProgress(String rootId, IngestMode mode, JobState state, int done, int total, String currentFile,
                             int processed, int unchanged, int removed, int errors, int committed,
                             Duration elapsed, String message) {

    /** Whether the run is still looking for files (the total is not known yet). */
    public boolean scanning() {
        return state == JobState.RUNNING && total < 0;
    }

    /** Fraction done in [0, 1]; 0 while the total is unknown. */
    public double fraction() {
        return total <= 0 ? (state == JobState.COMPLETED ? 1.0 : 0.0) : Math.min(1.0, done / (double) total);
    }

    /** Processed files per second so far. */
    public double imagesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : processed / s;
    }
}
