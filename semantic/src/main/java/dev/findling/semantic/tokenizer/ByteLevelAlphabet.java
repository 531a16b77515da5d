package dev.findling.semantic.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * GPT-2/CLIP's {@code bytes_to_unicode()}: a reversible map from the 256 byte values to printable
 * characters, so that BPE can work on strings without whitespace or control characters. Printable
 * Latin-1 bytes (33–126, 161–172, 174–255) stand for themselves; the other 68 bytes (controls,
 * space, DEL, NBSP, soft hyphen) map to U+0100 onwards in byte order. The list order is the
 * vocabulary order: id {@code i} of a CLIP vocabulary is {@code characters().get(i)} for i < 256.
 */
final class ByteLevelAlphabet {
    /** The 256 characters in vocabulary order. */
    private static final List<String> CHARACTERS;
    /** byte value (0–255) → its character. */
    private static final char[] CHAR_OF_BYTE = new char[256];
    /** byte value → position of its character in {@link #CHARACTERS} (its id in a CLIP vocabulary). */
    private static final int[] POSITION_OF_BYTE = new int[256];
    /** character (below U+0100 + 68) → the byte it stands for, −1 for characters outside the alphabet. */
    private static final int[] BYTE_OF_CHAR = new int[256 + 68];

    static {
        List<Integer> order = new ArrayList<>(256);
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            order.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            order.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            order.add(b);
        }
        for (int b : order) {
            printable[b] = true;
            CHAR_OF_BYTE[b] = (char) b;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                order.add(b);
                CHAR_OF_BYTE[b] = (char) (256 + next++);
            }
        }
        List<String> chars = new ArrayList<>(256);
        for (int i = 0; i < order.size(); i++) {
            int b = order.get(i);
            POSITION_OF_BYTE[b] = i;
            chars.add(String.valueOf(CHAR_OF_BYTE[b]));
        }
        CHARACTERS = Collections.unmodifiableList(chars);
        java.util.Arrays.fill(BYTE_OF_CHAR, -1);
        for (int b = 0; b < 256; b++) {
            BYTE_OF_CHAR[CHAR_OF_BYTE[b]] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    static List<String> characters() {
        return CHARACTERS;
    }

    static char charOf(int unsignedByte) {
        return CHAR_OF_BYTE[unsignedByte];
    }

    static int positionOf(int unsignedByte) {
        return POSITION_OF_BYTE[unsignedByte];
    }

    /** The byte a character stands for, or −1 when the character is not in the alphabet. */
    static int byteOf(char c) {
        return c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
    }
}
