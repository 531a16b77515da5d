package dev.findling.models.reference.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReferenceVocabularyTest {
    private static final ReferenceVocabulary VOCAB = ReferenceVocabulary.get();

    @Test
    void fileParsesBackInClipFormat() throws IOException {
        byte[] gz = VOCAB.fileBytes();
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.startsWith("#version: 0.2\n"), "header line");
        assertFalse(text.endsWith("\n"), "no trailing newline, so split('\\n') yields no empty merge");

        ClipBpeFile parsed = ClipBpeFile.parse(gz);
        assertEquals(VOCAB.merges().size(), parsed.merges.size());
        for (int i = 0; i < parsed.merges.size(); i++) {
            assertEquals(VOCAB.merges().get(i).left(), parsed.merges.get(i)[0]);
            assertEquals(VOCAB.merges().get(i).right(), parsed.merges.get(i)[1]);
        }
        assertEquals(VOCAB.tokens(), parsed.vocab, "CLIP's construction of the token list from the file");
        assertEquals(512 + VOCAB.merges().size() + 2, VOCAB.size());
        assertEquals(VOCAB.size() - 2, parsed.sot());
        assertEquals(VOCAB.size() - 1, parsed.eot());
        assertEquals(VOCAB.startOfTextId(), parsed.sot());
        assertEquals(VOCAB.endOfTextId(), parsed.eot());
    }

    @Test
    void byteLevelTokensFollowClipOrder() {
        assertEquals(0, VOCAB.idOf("!"));
        assertEquals(VOCAB.idOf("a") + 256, VOCAB.idOf("a</w>"));
        assertEquals('a' - '!', VOCAB.idOf("a"));
        // Byte 0 is the first non-printable byte: U+0100, right after the 188 printable ones.
        assertEquals(188, VOCAB.idOf("\u0100"));
        assertEquals(256, VOCAB.idOf("!</w>"));
    }

    @Test
    void everyLexiconWordIsOneWholeWordToken() {
        ClipBpeFile parsed = ClipBpeFile.parse(VOCAB.fileBytes());
        for (String word : ConceptLexicon.words()) {
            assertEquals(List.of(VOCAB.idOf(word + "</w>")), parsed.bpeIds(word), word);
            assertEquals(VOCAB.wordId(word), parsed.bpeIds(word.toUpperCase()).get(0), "lower-cased: " + word);
        }
        assertEquals(List.of(VOCAB.wordId("red"), parsed.encoder.get(".</w>"), VOCAB.wordId("blue")),
                parsed.bpeIds("Red. blue"));
    }

    @Test
    void redEncodesToStartRedEnd() {
        long[] ids = ClipBpeFile.parse(VOCAB.fileBytes()).encode("red");
        assertEquals(VOCAB.startOfTextId(), ids[0]);
        assertEquals(VOCAB.idOf("red</w>"), ids[1]);
        assertEquals(VOCAB.endOfTextId(), ids[2]);
        assertEquals(0, ids[3]);
    }

    @Test
    void fileBytesAreDeterministic() {
        byte[] a = VOCAB.fileBytes();
        assertArrayEquals(a, VOCAB.fileBytes());
        assertEquals(0, a[4] | a[5] | a[6] | a[7], "gzip mtime is zero");
    }

    @Test
    void unknownTokenIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VOCAB.idOf("dog</w>"));
        assertTrue(e.getMessage().contains("dog</w>"), e.getMessage());
    }

    @Test
    void theSameReaderTokenizesTheRealClipFileAsClipDoes() throws IOException {
        String root = System.getProperty("findling.repo.root", ".");
        Path real = Path.of(root).resolve("../shared/data/clip/bpe_simple_vocab_16e6.txt.gz").normalize();
        assumeTrue(Files.isRegularFile(real), "real CLIP vocabulary not found at " + real + " (../shared absent); skipping");
        ClipBpeFile clip = ClipBpeFile.parse(Files.readAllBytes(real));
        assertTrue(clip.header.endsWith("#version: 0.2"), clip.header);
        assertEquals(49408, clip.vocab.size());
        assertEquals(49406, clip.sot());
        assertEquals(49407, clip.eot());
        // CLIP's README example "a diagram", "a dog", "a cat" and the common "a photo of a cat".
        assertEquals(List.of(320, 1125, 539, 320, 2368), clip.bpeIds("a photo of a cat"));
    }
}
