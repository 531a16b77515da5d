package dev.findling.personalize.cleaning;

/**
 * Caps for extracting an uploaded archive, checked while reading (the sizes a zip declares can lie).
 *
 * @param maxEntries           most files an archive may hold
 * @param maxUncompressedBytes most bytes all its files may expand to together
 */
public record ArchiveLimits(int maxEntries, long maxUncompressedBytes) {
    /** 10 000 files and 4 GB: far beyond a DreamBooth set (5–200 images), far below filling a disk. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(10_000, 4L * 1024 * 1024 * 1024);

    public ArchiveLimits {
        if (maxEntries < 1 || maxUncompressedBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive: " + maxEntries + " entries, "
                    + maxUncompressedBytes + " bytes");
        }
    }
}
