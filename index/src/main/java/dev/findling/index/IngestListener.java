package dev.findling.index;

/**
 * Callbacks from an ingestion run, invoked on the ingestion thread: keep them quick and never let
 * them throw (a throwing listener is logged and ignored).
 */
public interface IngestListener {
    IngestListener NONE = new IngestListener() {
    };

    /** After every file, every state change and every commit. */
    default void onProgress(IngestProgress progress) {
    }

    /** A file (or folder) was reported and skipped. */
    default void onFailure(FileFailure failure) {
    }
}
