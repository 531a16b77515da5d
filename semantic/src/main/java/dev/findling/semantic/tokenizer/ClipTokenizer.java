package dev.findling.semantic.tokenizer;

import dev.findling.models.pack.TokenizerFiles;
import dev.findling.models.pack.TokenizerSpec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI CLIP's tokenizer ({@code clip.tokenize}) in plain Java: text clean-up, CLIP's
 * pre-tokenization pattern, byte-level BPE with {@code </w>} word ends, then
 * {@code <|startoftext|>} … {@code <|endoftext|>} padded with 0 to the context length (77).
 * With the real {@code bpe_simple_vocab_16e6.txt.gz} the vocabulary has 49,408 ids, start 49406 and
 * end 49407; smaller vocabularies in the same format (the reference pack's) put the two special tokens
 * last, so their ids come from the vocabulary, never from constants.
 *
 * <p>Immutable and thread-safe; loading parses the vocabulary once (~50 k merges), so share one instance.
 */
public final class ClipTokenizer {
    /** CLIP's text context: 77 token positions (OpenAI CLIP {@code clip.tokenize}). */
    public static final int CONTEXT_LENGTH = 77;
    /** Size of the real CLIP vocabulary: 256 bytes, 256 bytes with {@code </w>}, 48,894 merges, 2 special tokens. */
    public static final int CLIP_VOCABULARY_SIZE = 49_408;
    /** Id that fills the positions after {@code <|endoftext|>} (CLIP pads with zeros). */
    public static final int PADDING_ID = 0;

    /**
     * CLIP's pre-tokenization pattern (simple_tokenizer.py): the special tokens, English contractions,
     * letter runs, single digits, runs of other non-space characters. Case-insensitive as in CLIP, though
     * the text is lower-cased before it is applied; {@code \s} is Unicode White_Space as in Python's regex.
     */
    private static final Pattern PRE_TOKEN = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private final BpeVocabulary vocabulary;
    private final BytePairEncoder bpe;
    private final int startOfText;
    private final int endOfText;

    private ClipTokenizer(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.bpe = new BytePairEncoder(vocabulary);
        this.startOfText = vocabulary.id(BpeVocabulary.START_OF_TEXT);
        this.endOfText = vocabulary.id(BpeVocabulary.END_OF_TEXT);
    }

    /**
     * Reads OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} (or a smaller file in the same format): a header
     * line, then merges in rank order, of which CLIP reads at most 48,894.
     *
     * @throws TokenizerException when the file is missing, not gzip, or has malformed merge lines
     */
    public static ClipTokenizer fromClipBpe(Path bpeGz) {
        return new ClipTokenizer(BpeVocabulary.readClipBpe(bpeGz));
    }

    /** Reads a Hugging Face {@code tokenizer.json} whose model is CLIP's BPE (e.g. openai/clip-vit-base-patch32). */
    public static ClipTokenizer fromHuggingFaceJson(Path tokenizerJson) {
        return new ClipTokenizer(BpeVocabulary.readHuggingFaceJson(tokenizerJson));
    }

    /** Reads Hugging Face {@code vocab.json} and {@code merges.txt}. */
    public static ClipTokenizer fromVocabAndMerges(Path vocabJson, Path mergesTxt) {
        return new ClipTokenizer(BpeVocabulary.readVocabAndMerges(vocabJson, mergesTxt));
    }

    /** The tokenizer a model pack names in its manifest (absolute paths, as {@code ModelPack.tokenizer()} gives them). */
    public static ClipTokenizer forPack(TokenizerFiles files) {
        Objects.requireNonNull(files, "tokenizer files");
        String type = files.type();
        if (TokenizerSpec.CLIP_BPE.equals(type)) {
            return fromClipBpe(require(files.file(), type, "file"));
        }
        if (TokenizerSpec.HF_TOKENIZER_JSON.equals(type)) {
            return fromHuggingFaceJson(require(files.file(), type, "file"));
        }
        if (TokenizerSpec.HF_VOCAB_MERGES.equals(type)) {
            return fromVocabAndMerges(require(files.vocab(), type, "vocab"), require(files.merges(), type, "merges"));
        }
        throw new TokenizerException("unknown tokenizer type '" + type + "'; expected " + TokenizerSpec.CLIP_BPE + ", "
                + TokenizerSpec.HF_TOKENIZER_JSON + " or " + TokenizerSpec.HF_VOCAB_MERGES);
    }

    private static Path require(Path p, String type, String field) {
        if (p == null) {
            throw new TokenizerException("a " + type + " tokenizer needs its '" + field + "' path, which the pack does not give");
        }
        return p;
    }

    /**
     * Tokenizes for a CLIP text encoder: 77 ids, start token, BPE ids, end token, zeros.
     *
     * @throws TokenizerException when the text needs more than 77 tokens (the message says how many)
     */
    public int[] encode(String text) {
        return encode(text, CONTEXT_LENGTH, false);
    }

    /**
     * As {@link #encode(String)}; with {@code truncate} an over-long text keeps its first 75 BPE tokens and
     * the end token stays last (CLIP's {@code truncate=True}).
     */
    public int[] encode(String text, boolean truncate) {
        return encode(text, CONTEXT_LENGTH, truncate);
    }

    /** As {@link #encode(String, boolean)} for an encoder with another context length. */
    public int[] encode(String text, int contextLength, boolean truncate) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must leave room for the start and end tokens but is " + contextLength);
        }
        int[] body = bpeIds(text);
        int needed = body.length + 2;
        if (needed > contextLength && !truncate) {
            throw TokenizerException.tooLong(needed, contextLength);
        }
        int[] ids = new int[contextLength];
        Arrays.fill(ids, PADDING_ID);
        ids[0] = startOfText;
        int keep = Math.min(body.length, contextLength - 2);
        System.arraycopy(body, 0, ids, 1, keep);
        ids[keep + 1] = endOfText;
        return ids;
    }

    /** The BPE ids of a text without start/end tokens or padding, any length (CLIP's {@code SimpleTokenizer.encode}). */
    public int[] bpeIds(String text) {
        String cleaned = normalize(text);
        Matcher m = PRE_TOKEN.matcher(cleaned);
        int[] out = new int[Math.max(8, cleaned.length())];
        int n = 0;
        while (m.find()) {
            String piece = m.group();
            int[] ids = specialId(piece);
            if (ids == null) {
                ids = bpe.encodeWord(piece, piece.getBytes(StandardCharsets.UTF_8));
            }
            if (n + ids.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return Arrays.copyOf(out, n);
    }

    /** Number of tokens the text needs, start and end included; compare with {@link #CONTEXT_LENGTH}. */
    public int tokenCount(String text) {
        return bpeIds(text).length + 2;
    }

    /**
     * The token strings of a text in byte-level form ({@code "photo</w>"}, {@code "cafÃ©</w>"}), for
     * debugging and the CLI.
     */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (int id : bpeIds(text)) {
            out.add(vocabulary.token(id));
        }
        return out;
    }

    /**
     * Text of token ids as CLIP's {@code decode}: byte-level tokens back to UTF-8, {@code </w>} as a space;
     * special tokens are written as themselves and padding after the end token is ignored.
     */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (token == null) {
                throw new TokenizerException("id " + id + " is not in the vocabulary (" + vocabulary.size() + " ids)");
            }
            if (id == startOfText || id == endOfText) {
                bytes.writeBytes(token.getBytes(StandardCharsets.UTF_8));
                if (id == endOfText) {
                    break;
                }
                continue;
            }
            String body = token.endsWith(BpeVocabulary.END_OF_WORD)
                    ? token.substring(0, token.length() - BpeVocabulary.END_OF_WORD.length()) : token;
            for (int i = 0; i < body.length(); i++) {
                int b = ByteLevelAlphabet.byteOf(body.charAt(i));
                if (b < 0) {
                    throw new TokenizerException("token " + id + " '" + token + "' is not byte-level text");
                }
                bytes.write(b);
            }
            if (body.length() != token.length()) {
                bytes.write(' ');
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The ids up to and including the end token, space-separated (what {@code findling tokenize TEXT}
     * prints): {@code "49406 320 1125 539 320 1929 49407"}.
     */
    public String formatIds(int[] ids) {
        StringJoiner j = new StringJoiner(" ");
        for (int id : ids) {
            j.add(Integer.toString(id));
            if (id == endOfText) {
                break;
            }
        }
        return j.toString();
    }

    /**
     * CLIP's clean-up ({@code whitespace_clean(basic_clean(text)).lower()}): ftfy's character fixes, HTML
     * unescape twice, whitespace runs to one space, strip, lower-case. Two texts with the same normal form
     * have the same ids.
     */
    public static String normalize(String text) {
        Objects.requireNonNull(text, "text");
        return TextCleaner.clean(text);
    }

    public int startOfTextId() {
        return startOfText;
    }

    public int endOfTextId() {
        return endOfText;
    }

    /** Number of ids (one more than the largest): 49,408 for the real CLIP vocabulary. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Where the vocabulary was read from, for messages. */
    public String source() {
        return vocabulary.source();
    }

    /** Words currently held by the BPE cache (for monitoring; bounded by 65,536). */
    public int cachedWordCount() {
        return bpe.cacheSize();
    }

    private int[] specialId(String piece) {
        // CLIP seeds its BPE cache with the two special tokens, so typing them yields their ids.
        if (piece.equals(BpeVocabulary.START_OF_TEXT)) {
            return new int[]{startOfText};
        }
        if (piece.equals(BpeVocabulary.END_OF_TEXT)) {
            return new int[]{endOfText};
        }
        return null;
    }

    @Override
    public String toString() {
        return "ClipTokenizer[" + vocabulary.size() + " ids from " + vocabulary.source() + "]";
    }
}
