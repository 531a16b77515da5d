package dev.findling.models.image;

/**
 * Checks that every chunk of a PNG or WebP (RIFF) file declares a length that fits in the file, before the file
 * reaches the metadata reader. metadata-extractor allocates a chunk's declared length up front, so a 100-byte
 * upload whose garbage chunk header says 2 GB made it allocate 2 GB (seconds of work and a heap spike per request —
 * found by fuzzing, see the app's FuzzTest). A file that fails this check has damaged metadata, and damaged
 * metadata means "as stored" (orientation 1); the image decoder then judges the pixels on its own.
 */
final class MetadataChunks {
    private static final int PNG_SIGNATURE_LENGTH = 8;
    /** "RIFF" + size + "WEBP". */
    private static final int RIFF_HEADER_LENGTH = 12;

    private MetadataChunks() {
    }

    static boolean fitInFile(byte[] bytes, String format) {
        return switch (format) {
            case "PNG" -> pngChunksFit(bytes);
            case "WebP" -> riffChunksFit(bytes);
            default -> true;
        };
    }

    /** PNG: 4-byte big-endian length, 4-byte type, data, 4-byte CRC. */
    private static boolean pngChunksFit(byte[] b) {
        long pos = PNG_SIGNATURE_LENGTH;
        while (pos + 8 <= b.length) {
            long length = ((b[(int) pos] & 0xFFL) << 24) | ((b[(int) pos + 1] & 0xFFL) << 16)
                    | ((b[(int) pos + 2] & 0xFFL) << 8) | (b[(int) pos + 3] & 0xFFL);
            boolean end = b[(int) pos + 4] == 'I' && b[(int) pos + 5] == 'E' && b[(int) pos + 6] == 'N' && b[(int) pos + 7] == 'D';
            pos += 8 + length + 4;
            if (pos > b.length) {
                return false;
            }
            if (end) {
                return true; // bytes after IEND are not chunks
            }
        }
        return true;
    }

    /** RIFF: 4-byte type, 4-byte little-endian length, data padded to an even length. */
    private static boolean riffChunksFit(byte[] b) {
        if (b.length < RIFF_HEADER_LENGTH) {
            return false;
        }
        long riffLength = littleEndian(b, 4);
        if (riffLength + 8 > b.length + 1L) {
            return false;
        }
        long pos = RIFF_HEADER_LENGTH;
        while (pos + 8 <= b.length) {
            long length = littleEndian(b, (int) pos + 4);
            pos += 8 + length + (length & 1);
            if (pos > b.length + 1L) {
                return false;
            }
        }
        return true;
    }

    private static long littleEndian(byte[] b, int at) {
        return (b[at] & 0xFFL) | ((b[at + 1] & 0xFFL) << 8) | ((b[at + 2] & 0xFFL) << 16) | ((b[at + 3] & 0xFFL) << 24);
    }
}
