package dev.findling.models.mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * A mask in COCO run-length encoding, exactly as pycocotools ({@code maskApi.c}) and SA-1B store it:
 * pixels are read in column-major (Fortran) order — down the first column, then the second — and
 * {@code counts} alternates run lengths of 0s and 1s, always starting with the 0s (so a mask whose
 * first pixel is set starts with a count of 0). {@code size} is {@code [height, width]}.
 *
 * <p>Two JSON forms exist: uncompressed, {@code {"size":[h,w],"counts":[3,5,2]}}, and compressed,
 * where counts is a string ({@link #toCompressedString()}). Both are read by {@link #fromJson}.
 *
 * @param height mask height (rows)
 * @param width  mask width (columns)
 * @param counts run lengths, 0-runs first, adding up to {@code height·width}
 */
public record CocoRle(int height, int width, List<Long> counts) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public CocoRle {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("RLE size must not be negative but is [" + height + "," + width + "]");
        }
        counts = List.copyOf(counts);
        long total = 0;
        for (Long c : counts) {
            if (c == null || c < 0) {
                throw new IllegalArgumentException("RLE counts must be non-negative but contain " + c);
            }
            total += c;
        }
        if (total != (long) height * width) {
            throw new IllegalArgumentException("RLE counts add up to " + total + " pixels but the size ["
                    + height + "," + width + "] has " + ((long) height * width));
        }
    }

    public static CocoRle encode(BinaryMask mask) {
        int h = mask.height();
        int w = mask.width();
        List<Long> counts = new ArrayList<>();
        int current = 0; // the value whose run is being counted; runs start with 0s
        long run = 0;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int v = mask.get(y * w + x) ? 1 : 0;
                if (v != current) {
                    counts.add(run);
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        counts.add(run);
        return new CocoRle(h, w, counts);
    }

    public BinaryMask decode() {
        byte[] bits = new byte[height * width];
        long pos = 0; // column-major position
        int value = 0;
        for (long c : counts) {
            if (value == 1) {
                for (long i = pos; i < pos + c; i++) {
                    int x = (int) (i / height);
                    int y = (int) (i % height);
                    bits[y * width + x] = 1;
                }
            }
            pos += c;
            value ^= 1;
        }
        return BinaryMask.wrap(width, height, bits);
    }

    /** Number of foreground pixels (the sum of the odd-position counts). */
    public long area() {
        long a = 0;
        for (int i = 1; i < counts.size(); i += 2) {
            a += counts.get(i);
        }
        return a;
    }

    /** The uncompressed JSON form: {@code {"size":[h,w],"counts":[...]}}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(32 + counts.size() * 4);
        sb.append("{\"size\":[").append(height).append(',').append(width).append("],\"counts\":[");
        for (int i = 0; i < counts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(counts.get(i));
        }
        return sb.append("]}").toString();
    }

    /** The compressed JSON form: {@code {"size":[h,w],"counts":"..."}}, as pycocotools' {@code encode} returns. */
    public String toCompressedJson() {
        return "{\"size\":[" + height + "," + width + "],\"counts\":\"" + escapeJson(toCompressedString()) + "\"}";
    }

    /**
     * pycocotools' compressed counts string: each count — from the fourth on, as the difference to
     * the count two places before — is written as little-endian groups of 5 bits, one character each
     * (value + 48, so '0'…'o'); bit 0x20 of a character means "more groups follow" and bit 0x10 of
     * the last group is the sign.
     */
    public String toCompressedString() {
        StringBuilder sb = new StringBuilder(counts.size() * 2);
        for (int i = 0; i < counts.size(); i++) {
            long x = counts.get(i);
            if (i > 2) {
                x -= counts.get(i - 2);
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1F);
                x >>= 5; // arithmetic shift: negative deltas end in all ones
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                sb.append((char) (c + 48));
            }
        }
        return sb.toString();
    }

    /** Reads the compressed counts string (the inverse of {@link #toCompressedString()}). */
    public static CocoRle fromCompressedString(int height, int width, String s) {
        List<Long> counts = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("compressed RLE string ends inside a count at character " + p);
                }
                int c = s.charAt(p) - 48;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("compressed RLE string has an invalid character '"
                            + s.charAt(p) + "' at " + p + " (expected '0'…'o')");
                }
                if (k >= 12) {
                    throw new IllegalArgumentException("compressed RLE count at character " + p + " is too long");
                }
                x |= (long) (c & 0x1F) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k); // sign-extend
                }
            }
            int m = counts.size();
            if (m > 2) {
                x += counts.get(m - 2);
            }
            counts.add(x);
        }
        return new CocoRle(height, width, counts);
    }

    /** Reads either JSON form; errors name what is wrong with the document. */
    public static CocoRle fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("COCO RLE is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode size = root == null ? null : root.get("size");
        if (size == null || !size.isArray() || size.size() != 2 || !size.get(0).canConvertToInt() || !size.get(1).canConvertToInt()) {
            throw new IllegalArgumentException("COCO RLE needs \"size\": [height, width]");
        }
        int h = size.get(0).asInt();
        int w = size.get(1).asInt();
        JsonNode counts = root.get("counts");
        if (counts != null && counts.isTextual()) {
            return fromCompressedString(h, w, counts.asText());
        }
        if (counts == null || !counts.isArray()) {
            throw new IllegalArgumentException("COCO RLE needs \"counts\" as an array of run lengths or a compressed string");
        }
        List<Long> list = new ArrayList<>(counts.size());
        for (JsonNode c : counts) {
            if (!c.canConvertToLong()) {
                throw new IllegalArgumentException("COCO RLE counts must be integers but contain " + c);
            }
            list.add(c.asLong());
        }
        return new CocoRle(h, w, list);
    }

    private static String escapeJson(String s) {
        // The alphabet is '0'..'o', which includes '\\' (92): the only character JSON needs escaped here.
        return s.replace("\\", "\\\\");
    }
}
