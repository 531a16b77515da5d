package dev.findling.personalize.cleaning;

/**
 * Hears about a cleaning run's images, on the cleaning thread (for a progress bar, a log). Pause and cancel are
 * not a listener's business: they go through the run's job ({@link DatasetCleaner#clean(dev.findling.personalize.Concept,
 * java.util.List, java.nio.file.Path, dev.findling.jobs.JobContext, CleaningListener)}).
 */
public interface CleaningListener {
    CleaningListener NONE = new CleaningListener() {
    };

    /** Before image {@code index} (0-based) of {@code total} is read. */
    default void starting(int index, int total, TrainingImage image) {
    }

    /** After image {@code index} of {@code total} was decided (and its files written when kept). */
    default void finished(int index, int total, CleaningRecord record) {
    }
}
