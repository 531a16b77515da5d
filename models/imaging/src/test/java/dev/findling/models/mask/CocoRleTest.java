package dev.findling.models.mask;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CocoRleTest {
    /** 3 rows × 4 columns; rows written top to bottom. */
    private static BinaryMask mask(int width, String... rows) {
        byte[] bits = new byte[width * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < width; x++) {
                bits[y * width + x] = (byte) (rows[y].charAt(x) == '#' ? 1 : 0);
            }
        }
        return BinaryMask.wrap(width, rows.length, bits);
    }

    @Test
    void countsRunDownColumnsStartingWithZeros() {
        BinaryMask m = mask(4,
                ".#..",
                ".##.",
                "....");
        // Column-major: col0 = 0,0,0 | col1 = 1,1,0 | col2 = 0,1,0 | col3 = 0,0,0
        // sequence 000 110 010 000 → runs: 3 zeros, 2 ones, 2 zeros, 1 one, 4 zeros
        CocoRle rle = CocoRle.encode(m);
        assertEquals(List.of(3L, 2L, 2L, 1L, 4L), rle.counts());
        assertEquals(3, rle.height());
        assertEquals(4, rle.width());
        assertEquals(3, rle.area());
        assertEquals("{\"size\":[3,4],\"counts\":[3,2,2,1,4]}", rle.toJson());
        assertEquals(m, rle.decode());
    }

    @Test
    void maskStartingWithForegroundStartsWithAZeroCount() {
        CocoRle rle = CocoRle.encode(mask(2, "##", "##"));
        assertEquals(List.of(0L, 4L), rle.counts());
        assertEquals("04", rle.toCompressedString());
        assertEquals(List.of(4L), CocoRle.encode(mask(2, "..", "..")).counts());
    }

    @Test
    void compressedStringMatchesPycocotoolsByHand() {
        // Counts 3,5,2 are below 16: one character each, value + 48.
        assertEquals("352", new CocoRle(1, 10, List.of(3L, 5L, 2L)).toCompressedString());
        // From the fourth count on, the difference to the count two before is written: 7 − 5 = 2.
        assertEquals("3522", new CocoRle(1, 17, List.of(3L, 5L, 2L, 7L)).toCompressedString());
        // A negative difference: 1 − 5 = −4 → low 5 bits 0b11100 = 28, sign bit set, stop → 28 + 48 = 'L'.
        assertEquals("352L", new CocoRle(1, 11, List.of(3L, 5L, 2L, 1L)).toCompressedString());
        // 100 = 0b11_00100: first group 4 with the continuation bit (4 | 32 = 36 → 'T'), then 3 → '3'.
        assertEquals("T3", new CocoRle(1, 100, List.of(100L)).toCompressedString());
        // 16 needs a second group because bit 0x10 would read as a sign: 16 | 32 = 48 → '`', then 0 → '0'.
        assertEquals("`0", new CocoRle(1, 16, List.of(16L)).toCompressedString());
    }

    @Test
    void compressedStringDecodesBack() {
        CocoRle rle = CocoRle.fromCompressedString(1, 11, "352L");
        assertEquals(List.of(3L, 5L, 2L, 1L), rle.counts());
        assertEquals(List.of(100L), CocoRle.fromCompressedString(1, 100, "T3").counts());
    }

    @Test
    void randomMasksRoundTripInBothForms() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            byte[] bits = new byte[w * h];
            // Blobs rather than noise, so runs have varied lengths (and large deltas).
            int cx = random.nextInt(w);
            int cy = random.nextInt(h);
            int r = random.nextInt(Math.max(w, h));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
                    bits[y * w + x] = (byte) (in ^ random.nextInt(20) == 0 ? 1 : 0);
                }
            }
            BinaryMask m = BinaryMask.wrap(w, h, bits);
            CocoRle rle = CocoRle.encode(m);
            assertEquals(m, rle.decode());
            assertEquals(m.area(), rle.area());
            CocoRle fromString = CocoRle.fromCompressedString(h, w, rle.toCompressedString());
            assertEquals(rle, fromString);
            assertEquals(rle, CocoRle.fromJson(rle.toJson()));
            assertEquals(rle, CocoRle.fromJson(rle.toCompressedJson()));
        }
    }

    @Test
    void readsBothJsonForms() {
        CocoRle plain = CocoRle.fromJson("{\"size\": [3, 4], \"counts\": [3, 2, 2, 1, 4]}");
        // 3, 2, 2 literally; then 1 − 2 = −1 → 31 + 48 = 'O'; then 4 − 2 = 2 → '2'.
        CocoRle compressed = CocoRle.fromJson("{\"size\": [3, 4], \"counts\": \"322O2\"}");
        assertEquals("322O2", plain.toCompressedString());
        assertEquals(plain, compressed);
    }

    @Test
    void badDocumentsSayWhatIsWrong() {
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> CocoRle.fromJson("{\"size\":[2,2],\"counts\":[1,2]}"));
        assertTrue(sum.getMessage().contains("add up to 3"), sum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CocoRle.fromJson("{\"counts\":[4]}"));
        assertThrows(IllegalArgumentException.class, () -> CocoRle.fromJson("not json"));
        IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
                () -> CocoRle.fromCompressedString(1, 4, "4~"));
        assertTrue(ch.getMessage().contains("invalid character"), ch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CocoRle.fromCompressedString(1, 100, "T"));
    }
}
