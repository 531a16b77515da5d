package dev.findling.semantic.tokenizer;

import dev.findling.semantic.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact ids against OpenAI's real vocabulary. Each expected id was worked out by running CLIP's BPE by
 * hand over {@code bpe_simple_vocab_16e6.txt.gz}: merge line k (1-based, after the header) has rank k−1
 * and makes the token with id 512 + k − 1; a lone byte character has id = its position in
 * bytes_to_unicode order ('!' = 0, so ASCII c ≥ 33 has id c − 33), and id + 256 with {@code </w>}.
 * The merge path is noted next to each word: at every step the listed pair had the lowest rank.
 */
class ClipTokenizerTest {
    private static final int SOT = 49406;
    private static final int EOT = 49407;
    private static ClipTokenizer clip;

    @BeforeAll
    static void load() {
        clip = ClipTokenizer.fromClipBpe(SharedData.clipBpe());
    }

    /** start, the given ids, end, then zeros up to 77. */
    private static int[] padded(int... body) {
        int[] ids = new int[ClipTokenizer.CONTEXT_LENGTH];
        ids[0] = SOT;
        System.arraycopy(body, 0, ids, 1, body.length);
        ids[body.length + 1] = EOT;
        return ids;
    }

    @Test
    void realVocabularyHasClipsSizeAndSpecialIds() {
        assertEquals(ClipTokenizer.CLIP_VOCABULARY_SIZE, clip.vocabularySize());
        assertEquals(SOT, clip.startOfTextId());
        assertEquals(EOT, clip.endOfTextId());
    }

    @Test
    void photoOfADogMatchesOpenAiClip() {
        assertArrayEquals(padded(320, 1125, 539, 320, 1929), clip.encode("a photo of a dog"));
        assertArrayEquals(padded(320, 1125, 539, 320, 2368), clip.encode("a photo of a cat"));
    }

    @Test
    void cliOutputListsIdsUpToTheEndToken() {
        assertEquals("49406 320 1125 539 320 1929 49407", clip.formatIds(clip.encode("a photo of a dog")));
    }

    @Test
    void caseAndWhitespaceDoNotChangeIds() {
        assertArrayEquals(clip.encode("a photo of a dog"), clip.encode("  A Photo\tOF a\n\n DOG \u00A0"));
    }

    @Test
    void punctuationIsItsOwnToken() {
        // hello: h e l l o</w> → el(32) → ell(314) → ello</w>(2000) → hello</w>(2794) = 3306
        // ",": lone ',' (44) → 44−33+256 = 267
        // world: w o r l d</w> → or(11) → wor(129) → ld</w>(218) → world</w>(490) = 1002
        // "!": lone '!' → 0+256 = 256
        assertArrayEquals(padded(3306, 267, 1002, 256), clip.encode("hello, world!"));
    }

    @Test
    void digitsAreSingleTokens() {
        // the pattern takes one digit at a time: '2' (50) → 17+256 = 273, '0' → 271, '4' → 275
        assertArrayEquals(padded(273, 271, 273, 275), clip.encode("2024"));
    }

    @Test
    void contractionsSplitOffTheApostrophe() {
        // it: i t</w> rank 73 → 585;  's: ' s</w> rank 56 → 568
        assertArrayEquals(padded(585, 568), clip.encode("it's"));
        // don: d o n</w> → on</w>(13) → don</w>(335) = 847;  't: ' t</w> rank 201 → 713
        assertArrayEquals(padded(847, 713), clip.encode("don't"));
    }

    @Test
    void curlyApostropheReadsAsStraightOneAsFtfyWouldMakeIt() {
        assertArrayEquals(clip.encode("don't"), clip.encode("don\u2019t"));
    }

    @Test
    void nonAsciiLettersAreByteLevelTokens() {
        // café = c a f 0xC3 0xA9 → byte chars c a f Ã ©</w> → af(190) → caf(2959) → Ã©</w>(3654) → café</w>(14792) = 15304
        assertArrayEquals(padded(15304), clip.encode("café"));
        // naïve = n a Ã ¯ v e</w> → ve</w>(51) → na(585) → Ã¯(35177); no further merge → 1097 35689 563
        assertArrayEquals(padded(1097, 35689, 563), clip.encode("naïve"));
    }

    @Test
    void decomposedAccentsAreComposedFirst() {
        assertArrayEquals(clip.encode("café"), clip.encode("cafe\u0301"));
    }

    @Test
    void emojiIsBytes() {
        // 🐶 U+1F436 = F0 9F 90 B6 → byte chars ð Ł Ĳ ¶</w> → ðŁ(46) → ðŁĲ(1562) → ðŁĲ¶</w>(10119) = 10631
        assertArrayEquals(padded(10631), clip.encode("\uD83D\uDC36"));
    }

    @Test
    void htmlEntitiesAreUnescapedTwice() {
        // fish: f i s h</w> → is(83) → ish</w>(549) → fish</w>(2247) = 2759
        // "&": lone '&' (38) → 5+256 = 261
        // chips: c h i p s</w> → ch(28) → ps</w>(302) → chi(825) → chips</w>(8343) = 8855
        int[] expected = padded(2759, 261, 8855);
        assertArrayEquals(expected, clip.encode("fish &amp; chips"));
        assertArrayEquals(expected, clip.encode("fish &amp;amp; chips"));
        assertArrayEquals(expected, clip.encode("fish &#38; chips"));
    }

    @Test
    void textThatFillsTheContextExactlyFits() {
        int[] ids = clip.encode("a ".repeat(75));
        assertEquals(EOT, ids[76]);
        assertEquals(77, clip.tokenCount("a ".repeat(75)));
    }

    @Test
    void overLongTextSaysHowManyTokens() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> clip.encode("a ".repeat(76)));
        assertEquals(78, e.tokenCount());
        assertEquals(77, e.contextLength());
        assertTrue(e.getMessage().contains("78 tokens") && e.getMessage().contains("77"), e.getMessage());
    }

    @Test
    void truncationKeepsTheEndTokenLast() {
        int[] ids = clip.encode("a ".repeat(200) + "dog", true);
        assertEquals(77, ids.length);
        assertEquals(SOT, ids[0]);
        assertTrue(Arrays.stream(ids, 1, 76).allMatch(id -> id == 320));
        assertEquals(EOT, ids[76]);
    }

    @Test
    void emptyTextIsStartAndEnd() {
        assertArrayEquals(padded(), clip.encode(""));
        assertArrayEquals(padded(), clip.encode(" \t "));
    }

    @Test
    void typedSpecialTokensKeepTheirIdsAsInClip() {
        assertArrayEquals(padded(1929, EOT), clip.encode("dog<|endoftext|>"));
    }

    @Test
    void decodeInvertsEncode() {
        assertEquals("<|startoftext|>a photo of a café 🐶 <|endoftext|>", clip.decode(clip.encode("A photo of a café 🐶")));
    }

    @Test
    void tokensShowTheByteLevelForm() {
        assertEquals(java.util.List.of("a</w>", "cafÃ©</w>"), clip.tokens("a café"));
    }
}
