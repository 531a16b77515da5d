package dev.findling.models.reference.text;

import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph.Value;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;

import java.util.List;
import java.util.Map;

/**
 * Builds the reference pack's text encoder ({@code text-encoder}, dialect {@code clip}):
 * {@code input_ids} INT64 [batch, 77] → {@code text_embeds} FLOAT [batch, D], D = {@link TextAxis#DIMENSION}.
 *
 * <p>An embedding table [V, D] (V = {@link ReferenceVocabulary#size()}) maps each lexicon word's
 * whole-word token to its unit vector ({@link ConceptLexicon}) and every other token to zero. The
 * embedding is the sum of the table rows at the positions strictly after the first start token and
 * before the first end token, so padding (0 in CLIP's convention, or repeated end tokens in some
 * exports) and anything after the end token are ignored. Consequences: "a photo of a red car."
 * embeds exactly along the red axis; averaging the 80 ImageNet templates of one colour word keeps
 * its direction (only "a black and white photo of …" adds a little black and white, as it would for
 * any model that reads those words); an unknown word gives the zero vector, which callers must treat
 * as "not understood" rather than normalise.
 */
public final class TextEncoderGraph {
    public static final String FILE = "text-encoder.onnx";
    /** CLIP's context length. */
    public static final int CONTEXT_LENGTH = 77;

    private TextEncoderGraph() {
    }

    public static OnnxGraph build() {
        ReferenceVocabulary vocab = ReferenceVocabulary.get();
        int v = vocab.size();
        int d = TextAxis.DIMENSION;
        float[] table = new float[v * d];
        for (String word : ConceptLexicon.words()) {
            float[] vec = ConceptLexicon.vectorOf(word).orElseThrow();
            System.arraycopy(vec, 0, table, vocab.wordId(word) * d, d);
        }

        OnnxGraph g = new OnnxGraph("findling_reference_text_encoder")
                .doc("Findling reference text encoder (classical, not learned): sum of concept-word vectors "
                        + "between <|startoftext|> and the first <|endoftext|>; D = " + d + " colour and texture axes.");
        Value ids = g.input("input_ids", ElementType.INT64, "batch", CONTEXT_LENGTH);
        Value embeddings = g.gather(g.weights("token_concept_table", new long[]{v, d}, table), ids, 0); // [N,77,D]

        Value sotSeen = g.op("CumSum", List.of(
                g.cast(g.equal(ids, g.int64Scalar(vocab.startOfTextId())), ElementType.FLOAT), g.int64Scalar(1)));
        Value eotSeen = g.op("CumSum", List.of(
                g.cast(g.equal(ids, g.int64Scalar(vocab.endOfTextId())), ElementType.FLOAT), g.int64Scalar(1)));
        // Inside = a start token at or before this position and no end token at or before it. The start
        // token's own row is zero, so including its position changes nothing.
        Value inside = g.mul(g.cast(g.greater(sotSeen, g.scalar(0.5f)), ElementType.FLOAT),
                g.cast(g.less(eotSeen, g.scalar(0.5f)), ElementType.FLOAT));
        Value summed = g.reduceSum(g.mul(embeddings, g.unsqueeze(inside, 2)), false, 1);
        g.output("text_embeds", summed, ElementType.FLOAT, "batch", d);
        return g;
    }

    /** The manifest entry for {@link #FILE}; {@code sha256} may be null. */
    public static ModelEntry entry(String sha256) {
        return new ModelEntry(Dialects.TEXT_ENCODER, "clip", FILE, sha256, Map.of(), Map.of(), null, TextAxis.DIMENSION);
    }
}
