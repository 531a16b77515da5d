package dev.findling.models.fetch;

/**
 * One progress report of {@link PackFetcher}.
 *
 * @param stage          what is happening to {@code file}
 * @param file           the download (file or archive) being worked on, as named in the pack
 * @param fileBytesDone  bytes of it on disk so far (including a resumed part)
 * @param fileBytesTotal its pinned size
 * @param packBytesDone  bytes of all the pack's downloads done so far
 * @param packBytesTotal total pinned size of all the pack's downloads
 */
public record FetchProgress(Stage stage, String file, long fileBytesDone, long fileBytesTotal,
                            long packBytesDone, long packBytesTotal) {
    public enum Stage {
        /** Bytes are arriving. */
        DOWNLOADING,
        /** The complete file is being hashed against its pin. */
        VERIFYING,
        /** Pinned members are being taken out of a downloaded archive. */
        EXTRACTING,
        /** Already present with the pinned SHA-256; not downloaded again. */
        SKIPPED,
        /** This download is verified and in place. */
        DONE
    }

    /** Fraction 0–1 of the whole pack. */
    public double packFraction() {
        return packBytesTotal <= 0 ? 0 : Math.min(1.0, packBytesDone / (double) packBytesTotal);
    }
}
