package dev.findling.models.reference.text;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextEncoderGraphTest {
    private static final ReferenceVocabulary VOCAB = ReferenceVocabulary.get();
    private static final int D = TextAxis.DIMENSION;
    private static ClipBpeFile tokenizer;
    private static OrtSession session;

    @BeforeAll
    static void open() throws OrtException {
        tokenizer = ClipBpeFile.parse(VOCAB.fileBytes());
        session = OrtGraphs.open(TextEncoderGraph.build());
    }

    @AfterAll
    static void close() throws OrtException {
        session.close();
    }

    private static float[] embed(long[] ids) throws OrtException {
        return OrtGraphs.runIds(session, ids, 1, 77);
    }

    private static float[] embed(String text) throws OrtException {
        return embed(tokenizer.encode(text));
    }

    private static float[] axis(TextAxis c) {
        float[] v = new float[D];
        v[c.axis()] = 1;
        return v;
    }

    @Test
    void sessionDeclaresTheClipTextContract() throws OrtException {
        assertEquals(java.util.Set.of("input_ids"), session.getInputNames());
        assertEquals(java.util.Set.of("text_embeds"), session.getOutputNames());
        ModelEntry entry = TextEncoderGraph.entry(null);
        assertEquals(Dialects.TEXT_ENCODER, entry.role());
        assertEquals("clip", entry.dialect());
        assertEquals(D, entry.dimension());
    }

    @Test
    void startRedEndPointsAlongTheRedAxis() throws OrtException {
        long[] ids = new long[77];
        ids[0] = VOCAB.startOfTextId();
        ids[1] = VOCAB.idOf("red</w>");
        ids[2] = VOCAB.endOfTextId();
        assertArrayEquals(axis(TextAxis.RED), embed(ids), 1e-6f);
    }

    @Test
    void tokensAfterTheEndTokenAndBeforeTheStartAreIgnored() throws OrtException {
        long[] ids = new long[77];
        ids[0] = VOCAB.wordId("green");
        ids[1] = VOCAB.startOfTextId();
        ids[2] = VOCAB.wordId("striped");
        ids[3] = VOCAB.endOfTextId();
        ids[4] = VOCAB.wordId("blue");
        Arrays.fill(ids, 5, 77, VOCAB.endOfTextId()); // some exports pad with the end token
        assertArrayEquals(axis(TextAxis.STRIPED), embed(ids), 1e-6f);
    }

    @Test
    void sentencesSumTheirConceptWords() throws OrtException {
        assertArrayEquals(axis(TextAxis.BLUE), embed("a photo of a navy car."), 1e-6f);
        float[] both = embed("A RED, striped   shirt");
        assertEquals(1f, both[TextAxis.RED.axis()], 1e-6f);
        assertEquals(1f, both[TextAxis.STRIPED.axis()], 1e-6f);
        assertEquals(Math.sqrt(2), OrtGraphs.norm(both), 1e-5);
        assertArrayEquals(embed("gray"), embed("grey"), 0f);
    }

    @Test
    void templateSentencesAverageToTheClassWordsDirection() throws OrtException {
        assertEquals(80, ClipBpeFile.IMAGENET_TEMPLATES.size());
        for (String word : ConceptLexicon.words()) {
            int n = ClipBpeFile.IMAGENET_TEMPLATES.size();
            long[] batch = new long[n * 77];
            for (int t = 0; t < n; t++) {
                System.arraycopy(tokenizer.encode(ClipBpeFile.IMAGENET_TEMPLATES.get(t).replace("{}", word)), 0, batch, t * 77, 77);
            }
            float[] all = OrtGraphs.runIds(session, batch, n, 77);
            float[] mean = new float[D];
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < D; i++) {
                    mean[i] += all[t * D + i] / n;
                }
            }
            float[] direction = ConceptLexicon.vectorOf(word).orElseThrow();
            // Two templates say "black and white photo", which adds those two words; nothing else leaks in.
            double cos = OrtGraphs.cosine(mean, direction);
            assertTrue(cos > 0.99, word + " template mean has cosine " + cos + " to its own vector");
        }
        float[] red = embed("a photo of a red.");
        assertArrayEquals(axis(TextAxis.RED), red, 1e-6f);
    }

    @Test
    void unknownWordsGiveTheZeroVector() throws OrtException {
        for (String text : new String[]{"dog", "a photo of a dog.", "reddish", "bluebird", "sky", ""}) {
            assertEquals(0.0, OrtGraphs.norm(embed(text)), 0.0, text);
        }
    }

    @Test
    void aBatchEncodesEachRowSeparately() throws OrtException {
        long[] a = tokenizer.encode("red");
        long[] b = tokenizer.encode("dotted");
        long[] both = new long[154];
        System.arraycopy(a, 0, both, 0, 77);
        System.arraycopy(b, 0, both, 77, 77);
        float[] out = OrtGraphs.runIds(session, both, 2, 77);
        assertArrayEquals(axis(TextAxis.RED), Arrays.copyOfRange(out, 0, D), 1e-6f);
        assertArrayEquals(axis(TextAxis.DOTTED), Arrays.copyOfRange(out, D, 2 * D), 1e-6f);
    }
}
