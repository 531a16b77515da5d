package dev.findling.index;

/** What an ingestion run processes. Both modes remove deleted files and re-process changed ones. */
public enum IngestMode {
    /** Re-process every file (embeddings still come from the cache when the content is unchanged). */
    ALL,
    /**
     * Only files never processed, plus files whose size or mtime changed. A file that was processed
     * — even if it failed to decode — is not missing; use {@link #ALL} to retry it.
     */
    MISSING
}
