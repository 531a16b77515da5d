package dev.findling.models.reference.text;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words the reference text encoder understands and where each points in the concept space.
 *
 * <p>Only colour and texture words are listed, never object words that merely tend to have a colour
 * ("sky", "banana"): the reference pack measures colour and texture, so a word it maps must name a
 * colour or a texture. Every other word (including "photo", "a", "of" from the prompt templates)
 * maps to the zero vector, so an unknown class name gives a zero text embedding rather than a
 * made-up direction.
 *
 * <p>Most words are synonyms of one axis. Two name a mix and point between two axes:
 * "indigo" (blue and purple equally) and "beige" (brown 0.8, white 0.6). Every vector has unit length.
 */
public final class ConceptLexicon {
    private static final Map<String, float[]> WORDS;

    static {
        Map<String, float[]> words = new LinkedHashMap<>();
        synonyms(words, TextAxis.RED, "red", "crimson", "scarlet", "maroon", "burgundy");
        synonyms(words, TextAxis.ORANGE, "orange", "amber");
        synonyms(words, TextAxis.YELLOW, "yellow", "gold", "golden");
        synonyms(words, TextAxis.GREEN, "green", "lime", "olive");
        synonyms(words, TextAxis.CYAN, "cyan", "teal", "turquoise", "aqua");
        synonyms(words, TextAxis.BLUE, "blue", "navy", "azure");
        synonyms(words, TextAxis.PURPLE, "purple", "violet", "lavender", "lilac");
        synonyms(words, TextAxis.PINK, "pink", "magenta", "fuchsia");
        synonyms(words, TextAxis.BROWN, "brown", "tan");
        synonyms(words, TextAxis.BLACK, "black");
        synonyms(words, TextAxis.WHITE, "white", "ivory");
        synonyms(words, TextAxis.GRAY, "gray", "grey", "silver");
        synonyms(words, TextAxis.STRIPED, "striped", "stripes", "stripy");
        synonyms(words, TextAxis.DOTTED, "dotted", "dots", "spotted", "spots", "polka", "speckled");
        synonyms(words, TextAxis.CHECKERED, "checkered", "chequered", "checked", "checkerboard", "plaid", "tartan");
        synonyms(words, TextAxis.PLAIN, "plain", "smooth", "solid");
        mix(words, "indigo", Map.of(TextAxis.BLUE, 1f, TextAxis.PURPLE, 1f));
        mix(words, "beige", Map.of(TextAxis.BROWN, 0.8f, TextAxis.WHITE, 0.6f));
        WORDS = Collections.unmodifiableMap(words);
    }

    private ConceptLexicon() {
    }

    /** All known words in table order (canonical colour words first, within each concept). */
    public static List<String> words() {
        return List.copyOf(WORDS.keySet());
    }

    /** The unit vector (length {@link TextAxis#DIMENSION}) of a known lower-case word. */
    public static Optional<float[]> vectorOf(String word) {
        float[] v = WORDS.get(word);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The concepts a word points to, with their weights in its unit vector. */
    public static Map<TextAxis, Float> conceptsOf(String word) {
        float[] v = WORDS.get(word);
        Map<TextAxis, Float> out = new EnumMap<>(TextAxis.class);
        if (v != null) {
            for (TextAxis c : TextAxis.values()) {
                if (v[c.axis()] != 0f) {
                    out.put(c, v[c.axis()]);
                }
            }
        }
        return out;
    }

    private static void synonyms(Map<String, float[]> words, TextAxis concept, String... synonyms) {
        for (String w : synonyms) {
            mix(words, w, Map.of(concept, 1f));
        }
    }

    private static void mix(Map<String, float[]> words, String word, Map<TextAxis, Float> weights) {
        float[] v = new float[TextAxis.DIMENSION];
        double norm = 0;
        for (Map.Entry<TextAxis, Float> e : weights.entrySet()) {
            v[e.getKey().axis()] = e.getValue();
            norm += e.getValue() * e.getValue();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / Math.sqrt(norm));
        }
        if (words.put(word, v) != null) {
            throw new IllegalStateException("word listed twice in the concept lexicon: " + word);
        }
    }
}
