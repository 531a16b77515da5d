package dev.findling.models.fetch;

/**
 * Receives download progress; the CLI draws a bar from {@link FetchProgress#packFraction()}.
 * Called on the fetching thread, at most every 256 KiB per file plus once per stage change.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> { };

    void onProgress(FetchProgress progress);
}
