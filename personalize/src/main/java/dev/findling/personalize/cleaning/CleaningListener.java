package dev.findling.personalize.cleaning;

/**
 * Hears about a cleaning run's progress and may stop it. Called on the cleaning thread, between images,
 * so an implementation may block (to pause the run) or return true from {@link #cancelRequested()}.
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

    /** Checked before every image; true stops the run with {@link CleaningCancelledException}. */
    default boolean cancelRequested() {
        return false;
    }
}
