package dev.findling.semantic.text;

import dev.findling.models.ModelPack;
import dev.findling.models.clip.TextEncoder;
import dev.findling.models.reference.text.ConceptLexicon;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.semantic.tokenizer.ClipTokenizer;
import dev.findling.semantic.tokenizer.TokenizerException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptEnsembleEmbedderTest {
    @Test
    void thereAreEightyDistinctTemplates() {
        assertEquals(80, PromptTemplates.IMAGENET.size());
        assertEquals(80, PromptTemplates.IMAGENET.stream().distinct().count());
        assertTrue(PromptTemplates.IMAGENET.stream().allMatch(t -> t.contains("{}")));
        assertEquals("a bad photo of a {}.", PromptTemplates.IMAGENET.get(0));
        assertEquals("a tattoo of the {}.", PromptTemplates.IMAGENET.get(79));
    }

    private static PromptEnsembleEmbedder reference(TextEmbeddingCache cache) {
        ModelPack pack = ReferencePackFixture.pack();
        return new PromptEnsembleEmbedder(pack.textEncoder().orElseThrow(), ClipTokenizer.forPack(pack.tokenizer().orElseThrow()),
                pack.id(), cache);
    }

    @Test
    void colourWordPointsAlongItsConceptAxis() {
        ClassEmbedding red = reference(new TextEmbeddingCache(8)).embed("red");
        assertTrue(red.understood());
        assertEquals(80, red.templatesUsed());
        assertEquals(1.0, norm(red.vector()), 1e-5);
        float[] axis = ConceptLexicon.vectorOf("red").orElseThrow();
        assertTrue(red.dot(axis) > 0.99f, "cosine with the red axis " + red.dot(axis));
    }

    @Test
    void unknownWordIsNotUnderstoodEvenThoughATemplateNamesColours() {
        // "a black and white photo of the unicorn." embeds along black+white; the class itself must not.
        ClassEmbedding unicorn = reference(new TextEmbeddingCache(8)).embed("unicorn");
        assertFalse(unicorn.understood());
        assertTrue(unicorn.problem().contains("unicorn"), unicorn.problem());
        assertEquals(0.0, norm(unicorn.vector()));
    }

    @Test
    void cacheCountsHitsAndMissesPerClassAndPack() {
        TextEmbeddingCache cache = new TextEmbeddingCache(8);
        PromptEnsembleEmbedder embedder = reference(cache);
        ClassEmbedding first = embedder.embed("blue");
        ClassEmbedding again = embedder.embed("blue");
        ClassEmbedding otherSpelling = embedder.embed("  BLUE ");
        assertSame(first, again);
        assertEquals("BLUE", otherSpelling.className());
        assertEquals(1, cache.misses());
        assertEquals(2, cache.hits());
        assertEquals(1, cache.size());
    }

    @Test
    void cacheEvictsTheLeastRecentlyUsedClass() {
        CountingEncoder encoder = new CountingEncoder();
        TextEmbeddingCache cache = new TextEmbeddingCache(2);
        PromptEnsembleEmbedder embedder = new PromptEnsembleEmbedder(encoder, clipLikeTokenizer(), "fake", List.of("a {}."), cache);
        embedder.embed("a");
        embedder.embed("b");
        embedder.embed("a");          // a is now more recent than b
        embedder.embed("c");          // evicts b
        int runs = encoder.runs.get();
        embedder.embed("a");
        assertEquals(runs, encoder.runs.get(), "a stayed cached");
        embedder.embed("b");
        assertTrue(encoder.runs.get() > runs, "b was evicted and recomputed");
        assertEquals(2, cache.size());
    }

    @Test
    void samePackIdSharesEntriesAndOtherPackIdsDoNot() {
        TextEmbeddingCache cache = new TextEmbeddingCache(8);
        CountingEncoder encoder = new CountingEncoder();
        new PromptEnsembleEmbedder(encoder, clipLikeTokenizer(), "pack-a", List.of("a {}."), cache).embed("dog");
        new PromptEnsembleEmbedder(encoder, clipLikeTokenizer(), "pack-b", List.of("a {}."), cache).embed("dog");
        assertEquals(2, cache.size());
        assertEquals(2, cache.misses());
    }

    @Test
    void overLongClassNameSaysWhichPromptOverflowed() {
        PromptEnsembleEmbedder embedder = reference(new TextEmbeddingCache(8));
        String name = "red ".repeat(70).strip();
        TokenizerException e = assertThrows(TokenizerException.class, () -> embedder.embed(name));
        assertTrue(e.getMessage().contains("too long") && e.getMessage().contains("77"), e.getMessage());
        assertTrue(e.tokenCount() > 77);
        assertNotNull(e.getMessage());
    }

    @Test
    void blankClassNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> reference(new TextEmbeddingCache(8)).embed("  "));
    }

    private static ClipTokenizer clipLikeTokenizer() {
        return ClipTokenizer.forPack(ReferencePackFixture.pack().tokenizer().orElseThrow());
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** A text encoder that embeds the token count along axis 0 and counts its runs. */
    private static final class CountingEncoder implements TextEncoder {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public String dialect() {
            return "clip";
        }

        @Override
        public int contextLength() {
            return 77;
        }

        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public float[] encode(int[] tokenIds) {
            runs.incrementAndGet();
            int n = 0;
            for (int id : tokenIds) {
                n += id != 0 ? 1 : 0;
            }
            return new float[]{n, 1, 0, 0};
        }
    }
}
