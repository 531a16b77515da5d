package dev.findling.models.image;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a file from its first bytes, so that a non-image is rejected with a name for what it
 * is ("a PDF document") before any reader is asked, and the reader for a supported format is chosen
 * by content rather than by file extension.
 */
final class ImageSignature {
    /** Formats Findling decodes, as shown in messages. */
    static final String SUPPORTED = "JPEG, PNG, BMP, GIF and WebP";

    /**
     * @param name          what the bytes look like, for messages ("JPEG", "a PDF document")
     * @param readerFormat  the ImageIO format name to decode it with; null when not supported
     */
    record Detected(String name, String readerFormat) {
        boolean supported() {
            return readerFormat != null;
        }
    }

    /** How many leading bytes {@link #detect} looks at. */
    static final int PREFIX = 32;

    private ImageSignature() {
    }

    static Detected detect(byte[] head, int length) {
        if (length == 0) {
            return new Detected("an empty file (0 bytes)", null);
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return new Detected("JPEG", "jpeg");
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return new Detected("PNG", "png");
        }
        if (startsWithAscii(head, length, 0, "GIF87a") || startsWithAscii(head, length, 0, "GIF89a")) {
            return new Detected("GIF", "gif");
        }
        if (startsWithAscii(head, length, 0, "BM") && length >= 18 && isBmpInfoHeaderSize(head)) {
            return new Detected("BMP", "bmp");
        }
        if (startsWithAscii(head, length, 0, "RIFF") && startsWithAscii(head, length, 8, "WEBP")) {
            return new Detected("WebP", "webp");
        }
        // Everything below is recognised only to say what it is.
        if (startsWith(head, length, 'I', 'I', 0x2A, 0x00) || startsWith(head, length, 'M', 'M', 0x00, 0x2A)) {
            return new Detected("a TIFF image (or camera raw file)", null);
        }
        if (startsWithAscii(head, length, 4, "ftyp")) {
            String brand = length >= 12 ? new String(head, 8, 4, StandardCharsets.US_ASCII) : "";
            if (brand.startsWith("avi")) {
                return new Detected("an AVIF image", null);
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev") || brand.startsWith("msf")) {
                return new Detected("a HEIC/HEIF image", null);
            }
            return new Detected("an ISO media file (brand '" + brand.trim() + "', e.g. MP4/MOV video)", null);
        }
        if (startsWith(head, length, 0xFF, 0x0A)
                || startsWith(head, length, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', ' ')) {
            return new Detected("a JPEG XL image", null);
        }
        if (startsWithAscii(head, length, 0, "%PDF")) {
            return new Detected("a PDF document", null);
        }
        if (startsWithAscii(head, length, 0, "8BPS")) {
            return new Detected("a Photoshop document", null);
        }
        if (startsWith(head, length, 0x00, 0x00, 0x01, 0x00)) {
            return new Detected("a Windows icon", null);
        }
        if (startsWith(head, length, 'P', 'K', 0x03, 0x04)) {
            return new Detected("a ZIP archive", null);
        }
        if (startsWith(head, length, 0x1F, 0x8B)) {
            return new Detected("gzip-compressed data", null);
        }
        if (startsWithAscii(head, length, 0, "RIFF")) {
            return new Detected("a RIFF file that is not WebP (e.g. WAV or AVI)", null);
        }
        String text = asciiText(head, length);
        if (text != null) {
            String lower = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("<svg") || (lower.startsWith("<?xml") && lower.contains("svg"))) {
                return new Detected("an SVG drawing", null);
            }
            if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
                return new Detected("an HTML page", null);
            }
            if (lower.startsWith("<?xml") || lower.startsWith("<")) {
                return new Detected("an XML document", null);
            }
            if (lower.startsWith("{") || lower.startsWith("[")) {
                return new Detected("JSON text", null);
            }
            return new Detected("plain text", null);
        }
        return new Detected("unrecognised binary data starting with " + hex(head, Math.min(length, 8)), null);
    }

    /** The DIB header sizes of the BMP versions in use (core, V1–V5, OS/2 2.x), little-endian at offset 14. */
    private static boolean isBmpInfoHeaderSize(byte[] b) {
        int size = (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
        return size == 12 || size == 16 || size == 40 || size == 52 || size == 56 || size == 64
                || size == 108 || size == 124;
    }

    private static boolean startsWith(byte[] b, int length, int... sig) {
        if (length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAscii(byte[] b, int length, int offset, String s) {
        if (length < offset + s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[offset + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The prefix as text when it is printable, valid UTF-8 (with a possible BOM), else null. */
    private static String asciiText(byte[] b, int length) {
        int start = startsWith(b, length, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        for (int i = start; i < length; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                return null;
            }
        }
        // The prefix may end inside a multi-byte character: allow up to 3 trailing bytes to be cut off.
        for (int cut = 0; cut <= 3 && length - start - cut > 0; cut++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b, start, length - start - cut))
                        .toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                // try a shorter prefix
            }
        }
        return null;
    }

    static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
