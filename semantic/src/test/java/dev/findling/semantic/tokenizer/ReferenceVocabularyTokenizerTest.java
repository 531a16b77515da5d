package dev.findling.semantic.tokenizer;

import dev.findling.models.ModelPack;
import dev.findling.models.reference.text.ReferenceVocabulary;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reference pack's own small vocabulary in CLIP's file format: special tokens last, lexicon words whole. */
class ReferenceVocabularyTokenizerTest {
    @Test
    void packTokenizerUsesTheReferenceVocabulary() {
        ModelPack pack = ReferencePackFixture.pack();
        ClipTokenizer t = ClipTokenizer.forPack(pack.tokenizer().orElseThrow());
        ReferenceVocabulary v = ReferenceVocabulary.get();
        assertEquals(v.size(), t.vocabularySize());
        assertEquals(v.startOfTextId(), t.startOfTextId());
        assertEquals(v.endOfTextId(), t.endOfTextId());
        int[] ids = t.encode("A photo of a RED car.");
        assertEquals(v.startOfTextId(), ids[0]);
        int red = v.wordId("red");
        assertEquals(1, java.util.Arrays.stream(ids).filter(id -> id == red).count());
        for (String word : new String[]{"crimson", "turquoise", "checkerboard", "polka"}) {
            int[] w = t.encode(word);
            assertEquals(v.wordId(word), w[1], word);
            assertEquals(v.endOfTextId(), w[2], word);
        }
        // "car" is not a lexicon word: it falls back to byte-level pieces that the text encoder maps to zero
        assertEquals("car", t.decode(t.encode("car")).replace("<|startoftext|>", "").replace("<|endoftext|>", "").strip());
    }
}
