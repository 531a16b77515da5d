package dev.findling.index.scan;

import dev.findling.models.image.RgbImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells binary segmentation masks apart from photos. Datasets keep masks next to their photos
 * (PerSeg's {@code cat/00.jpg} + {@code cat/00.png}, its {@code Annotations/<concept>/*.png} tree,
 * DreamBooth cleaning outputs), so a library root full of photos is often half masks; indexed as
 * photos they would turn up in concept matches and text search.
 *
 * <p>The rule has two parts, and a file is a mask only when both hold:
 * <ol>
 *   <li><b>Encoding</b> (header only): the file declares a mask-capable encoding — a PNG of colour
 *       type 0 (gray), 3 (palette) or 4 (gray + alpha), any GIF (always palette), or a BMP of at most
 *       8 bits per pixel (palette). Cameras do not write these, and JPEG/WebP are excluded outright:
 *       lossy coding smears a two-value mask into many values, so the pixel test could never pass.
 *       RGB and RGBA PNGs are not considered, so a flat-coloured RGB graphic (or an RGBA cut-out)
 *       stays a photo.</li>
 *   <li><b>Pixels</b>: the decoded image has at most {@value #MAX_VALUES} distinct colours — one
 *       for an empty (or full) mask, two for a binary one. A grayscale photo has dozens to hundreds
 *       of gray levels, so it is never taken for a mask.</li>
 * </ol>
 * The pixel test runs on the image ingestion decodes anyway; the header test only decides whether a
 * file whose embedding is already cached must be decoded to be checked. Soft masks (anti-aliased
 * mattes) and multi-label maps have more than two values and are not detected.
 */
public final class SegmentationMaskDetector {
    /**
     * The rule's version, recorded on every indexed image: images indexed under an older rule (or
     * before there was one) are re-examined once by a {@code MISSING} run.
     */
    public static final int RULE_VERSION = 1;
    /** Colours a decoded image may have and still be a (binary) mask. */
    public static final int MAX_VALUES = 2;
    /** Leading bytes the encoding test reads: PNG's IHDR colour type is byte 25, BMP's bit count bytes 28–29. */
    static final int HEADER_BYTES = 32;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private SegmentationMaskDetector() {
    }

    /** Whether the file's leading bytes declare a mask-capable encoding (see the class comment). */
    public static boolean hasMaskEncoding(byte[] head) {
        if (startsWith(head, PNG_SIGNATURE)) {
            // IHDR is the first chunk: length (4) "IHDR" (4) width (4) height (4) depth (1) colour type (1).
            if (head.length < 26 || head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') {
                return false;
            }
            int colourType = head[25] & 0xFF;
            return colourType == 0 || colourType == 3 || colourType == 4;
        }
        if (head.length >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8'
                && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return true;
        }
        if (head.length >= 18 && head[0] == 'B' && head[1] == 'M') {
            // The bit count follows the DIB header size: at 24 in the old 12-byte OS/2 core header,
            // at 28 in BITMAPINFOHEADER and every later version.
            long dibSize = le32(head, 14);
            int at = dibSize == 12 ? 24 : 28;
            if (head.length < at + 2) {
                return false;
            }
            int bitCount = (head[at] & 0xFF) | (head[at + 1] & 0xFF) << 8;
            return bitCount >= 1 && bitCount <= 8;
        }
        return false;
    }

    /** {@link #hasMaskEncoding(byte[])} on the start of a file, reading only {@value #HEADER_BYTES} bytes. */
    public static boolean hasMaskEncoding(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hasMaskEncoding(in.readNBytes(HEADER_BYTES));
        }
    }

    /**
     * The number of distinct RGB colours in the image, counted up to {@code limit + 1}: the scan stops
     * at the first colour beyond {@code limit}, so a photo costs a handful of pixels, a mask one pass.
     */
    public static int distinctColours(RgbImage image, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 but is " + limit);
        }
        int[] seen = new int[limit + 1];
        int count = 0;
        ByteBuffer px = image.pixels();
        int n = px.remaining();
        for (int i = 0; i < n; i += 3) {
            int rgb = (px.get(i) & 0xFF) << 16 | (px.get(i + 1) & 0xFF) << 8 | (px.get(i + 2) & 0xFF);
            boolean known = false;
            for (int k = 0; k < count; k++) {
                if (seen[k] == rgb) {
                    known = true;
                    break;
                }
            }
            if (!known) {
                seen[count++] = rgb;
                if (count > limit) {
                    return count;
                }
            }
        }
        return count;
    }

    /**
     * Applies the whole rule to a file's bytes and its decoded pixels.
     *
     * @return the reason to skip the file when it is a segmentation mask, e.g.
     * "segmentation mask (2 values), not a photo"; empty for a photo
     */
    public static Optional<String> maskReason(byte[] fileBytes, RgbImage decoded) {
        if (!hasMaskEncoding(fileBytes)) {
            return Optional.empty();
        }
        int values = distinctColours(decoded, MAX_VALUES);
        return values <= MAX_VALUES ? Optional.of(reason(values)) : Optional.empty();
    }

    static String reason(int values) {
        return "segmentation mask (" + values + (values == 1 ? " value" : " values") + "), not a photo";
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
