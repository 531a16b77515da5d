package dev.findling.models.reference.text;

import dev.findling.models.pack.TokenizerSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The reference pack's tokenizer vocabulary, written in OpenAI CLIP's BPE file format so that the
 * same tokenizer code reads it and the real {@code bpe_simple_vocab_16e6.txt.gz}.
 *
 * <h2>File format</h2>
 * Gzip-compressed UTF-8 text: a header line {@code #version: 0.2}, then one merge per line, two
 * space-separated symbols ({@code "r e"}, {@code "re d</w>"}), in rank order. The file has no trailing
 * newline, so OpenAI's {@code read().split('\n')[1:49152-256-2+1]} yields exactly the merges and no
 * empty one; readers should nevertheless ignore a final empty line, as the real file has one.
 *
 * <h2>Vocabulary (CLIP's convention)</h2>
 * Ids are assigned as CLIP's {@code SimpleTokenizer} does: the 256 byte-level characters in
 * {@code bytes_to_unicode()} order (ids 0–255, so {@code "!"} is 0), the same 256 with {@code </w>}
 * appended (256–511), one token per merge in file order (the concatenation of its two symbols),
 * then {@code <|startoftext|>} and {@code <|endoftext|>}. So {@code sot = size − 2},
 * {@code eot = size − 1}; unlike the real vocabulary (49,408 tokens, sot 49406, eot 49407) this one is
 * small, and a tokenizer must derive the special ids from the file rather than hard-code them.
 *
 * <h2>Reading a short file</h2>
 * CLIP reads merges as {@code lines[1 : 49152 − 256 − 2 + 1]}, i.e. at most 48,894 merges. A reader
 * that takes all merge lines of this file up to that limit (as the semantic module's tokenizer does)
 * gets every merge here and builds exactly the token list above.
 *
 * <h2>How the merges are chosen</h2>
 * Every word of the {@link ConceptLexicon} must become one whole-word token ({@code red</w>}), so the
 * text encoder can look each one up by a single id. Words are processed in lexicon order; each is run
 * through BPE with the merges chosen so far, and the symbols that remain are joined by a left-to-right
 * chain of new merges appended at the end. Appending only ever adds merges ranked after all earlier
 * ones, so it cannot change how an earlier word tokenizes (BPE applies a merge only when no
 * lower-ranked pair is present, and an earlier word never ran out of ranked pairs before becoming one
 * token). The constructor checks the result: every lexicon word is one token and every token string is
 * unique.
 */
public final class ReferenceVocabulary {
    /** Header line of the file; the real CLIP file's first line ends the same way. */
    public static final String HEADER = "#version: 0.2";
    /** File name inside the pack folder. */
    public static final String FILE_NAME = "bpe_reference_vocab.txt.gz";
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String END_OF_WORD = "</w>";
    /** CLIP's limit on merge lines: {@code 49152 − 256 − 2}. */
    public static final int CLIP_MAX_MERGES = 49152 - 256 - 2;

    /** One BPE merge: two adjacent symbols that become their concatenation. */
    public record Merge(String left, String right) {
        public String merged() {
            return left + right;
        }

        /** The merge as a line of the file. */
        public String line() {
            return left + " " + right;
        }
    }

    private static final ReferenceVocabulary INSTANCE = new ReferenceVocabulary(ConceptLexicon.words());

    private final List<Merge> merges;
    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private ReferenceVocabulary(List<String> words) {
        List<Merge> chosen = new ArrayList<>();
        Map<Merge, Integer> ranks = new HashMap<>();
        for (String word : words) {
            if (!word.matches("[a-z]+")) {
                // Lower-case ASCII letters are their own byte-level characters; anything else would need byte mapping.
                throw new IllegalArgumentException("lexicon words must be lower-case ASCII letters but got '" + word + "'");
            }
            List<String> symbols = bpe(word, ranks);
            String joined = symbols.get(0);
            for (int i = 1; i < symbols.size(); i++) {
                Merge m = new Merge(joined, symbols.get(i));
                if (!ranks.containsKey(m)) {
                    ranks.put(m, chosen.size());
                    chosen.add(m);
                }
                joined = m.merged();
            }
        }
        this.merges = Collections.unmodifiableList(chosen);

        List<String> toks = new ArrayList<>(byteLevelAlphabet());
        for (String c : byteLevelAlphabet()) {
            toks.add(c + END_OF_WORD);
        }
        for (Merge m : chosen) {
            toks.add(m.merged());
        }
        toks.add(START_OF_TEXT);
        toks.add(END_OF_TEXT);
        this.tokens = Collections.unmodifiableList(toks);

        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < toks.size(); i++) {
            if (index.put(toks.get(i), i) != null) {
                throw new IllegalStateException("reference vocabulary has the token '" + toks.get(i) + "' twice");
            }
        }
        this.ids = Collections.unmodifiableMap(index);
        for (String word : words) {
            List<String> symbols = bpe(word, ranks);
            if (symbols.size() != 1 || !symbols.get(0).equals(word + END_OF_WORD)) {
                throw new IllegalStateException("'" + word + "' tokenizes to " + symbols + ", not one whole-word token");
            }
        }
        if (chosen.size() > CLIP_MAX_MERGES) {
            throw new IllegalStateException(chosen.size() + " merges exceed CLIP's limit of " + CLIP_MAX_MERGES);
        }
    }

    /** The vocabulary built from {@link ConceptLexicon#words()}. */
    public static ReferenceVocabulary get() {
        return INSTANCE;
    }

    /** The pack manifest's tokenizer entry for {@link #FILE_NAME}. */
    public static TokenizerSpec tokenizerSpec() {
        return new TokenizerSpec(TokenizerSpec.CLIP_BPE, FILE_NAME, null, null);
    }

    /** Number of tokens, including the two special tokens. */
    public int size() {
        return tokens.size();
    }

    /** Id of {@code <|startoftext|>}: {@code size() − 2}. */
    public int startOfTextId() {
        return tokens.size() - 2;
    }

    /** Id of {@code <|endoftext|>}: {@code size() − 1}. */
    public int endOfTextId() {
        return tokens.size() - 1;
    }

    /**
     * Id of a token string as it appears in the vocabulary, e.g. {@code idOf("red</w>")}.
     *
     * @throws IllegalArgumentException when the token is not in the vocabulary
     */
    public int idOf(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("'" + token + "' is not a token of the reference vocabulary ("
                    + tokens.size() + " tokens); whole words end in " + END_OF_WORD + ", e.g. 'red</w>'");
        }
        return id;
    }

    /** Id of a lexicon word's whole-word token: {@code idOf(word + "</w>")}. */
    public int wordId(String word) {
        return idOf(word + END_OF_WORD);
    }

    /** The token strings, index = id. */
    public List<String> tokens() {
        return tokens;
    }

    /** The merges in rank order (file order). */
    public List<Merge> merges() {
        return merges;
    }

    /** The file's text: header and merge lines joined by {@code \n}, no trailing newline. */
    public String fileText() {
        StringBuilder sb = new StringBuilder(HEADER);
        for (Merge m : merges) {
            sb.append('\n').append(m.line());
        }
        return sb.toString();
    }

    /** The file's bytes: {@link #fileText()} as UTF-8, gzip-compressed (deterministic: no name, mtime 0). */
    public byte[] fileBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(fileText().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * GPT-2/CLIP's {@code bytes_to_unicode()} values in its order: printable Latin-1 bytes map to
     * themselves (33–126, 161–172, 174–255), the remaining 68 bytes to U+0100 onwards.
     */
    static List<String> byteLevelAlphabet() {
        List<Integer> bytes = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bytes.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bytes.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bytes.add(b);
        }
        List<String> chars = new ArrayList<>();
        for (int b : bytes) {
            chars.add(String.valueOf((char) b));
        }
        Set<Integer> printable = new HashSet<>(bytes);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable.contains(b)) {
                chars.add(String.valueOf((char) (256 + n)));
                n++;
            }
        }
        return chars;
    }

    /** CLIP's word-level BPE: start from characters (last with {@code </w>}), apply the lowest-ranked merge. */
    private static List<String> bpe(String word, Map<Merge, Integer> ranks) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) {
            symbols.add(i == word.length() - 1 ? word.charAt(i) + END_OF_WORD : String.valueOf(word.charAt(i)));
        }
        while (symbols.size() > 1) {
            Merge best = null;
            int bestRank = Integer.MAX_VALUE;
            for (Merge pair : pairs(symbols)) {
                Integer r = ranks.get(pair);
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = pair;
                }
            }
            if (best == null) {
                break;
            }
            List<String> next = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                if (i < symbols.size() - 1 && symbols.get(i).equals(best.left()) && symbols.get(i + 1).equals(best.right())) {
                    next.add(best.merged());
                    i++;
                } else {
                    next.add(symbols.get(i));
                }
            }
            symbols = next;
        }
        return symbols;
    }

    private static Set<Merge> pairs(List<String> symbols) {
        Set<Merge> pairs = new LinkedHashSet<>();
        for (int i = 0; i + 1 < symbols.size(); i++) {
            pairs.add(new Merge(symbols.get(i), symbols.get(i + 1)));
        }
        return pairs;
    }
}
