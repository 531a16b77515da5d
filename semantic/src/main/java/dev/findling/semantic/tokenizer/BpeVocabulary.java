package dev.findling.semantic.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A CLIP BPE vocabulary as read from one of the three file layouts: token strings with their ids and
 * the merges in rank order. The three readers differ only in where the ids come from — CLIP's
 * {@code .txt.gz} implies them (bytes, bytes+{@code </w>}, one per merge, then the two special tokens),
 * Hugging Face files list them — so the same vocabulary read from any layout encodes identically.
 */
final class BpeVocabulary {
    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";
    static final String END_OF_WORD = "</w>";
    /** CLIP reads {@code lines[1 : 49152 - 256 - 2 + 1]}: at most this many merges (OpenAI CLIP simple_tokenizer.py). */
    static final int MAX_MERGES = 49152 - 256 - 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, Integer> ids;
    private final String[] tokens;
    private final List<String[]> merges;

    private BpeVocabulary(String source, Map<String, Integer> ids, List<String[]> merges) {
        this.source = source;
        this.ids = ids;
        this.merges = merges;
        int maxId = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.tokens = new String[maxId + 1];
        ids.forEach((token, id) -> tokens[id] = token);
        for (String c : ByteLevelAlphabet.characters()) {
            requireToken(c, "byte-level character");
            requireToken(c + END_OF_WORD, "byte-level character with " + END_OF_WORD);
        }
        requireToken(START_OF_TEXT, "start token");
        requireToken(END_OF_TEXT, "end token");
    }

    /** OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} layout (also the reference pack's vocabulary). */
    static BpeVocabulary readClipBpe(Path bpeGz) {
        // Line 1 is the "#version" header, which CLIP skips unconditionally; blank lines (the real file ends
        // with one) carry no merge. Reading stops at CLIP's limit: the real file has 262,145 lines, of which
        // CLIP uses the first 48,895, so most of it is never decompressed.
        List<String[]> merges = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(bpeGz), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            r.readLine();
            String line;
            for (int lineNo = 2; merges.size() < MAX_MERGES && (line = r.readLine()) != null; lineNo++) {
                if (!line.isBlank()) {
                    merges.add(parseMerge(line, bpeGz, lineNo));
                }
            }
        } catch (NoSuchFileException e) {
            throw new TokenizerException("CLIP BPE vocabulary not found: " + bpeGz);
        } catch (IOException e) {
            throw new TokenizerException("cannot read the CLIP BPE vocabulary " + bpeGz
                    + " (expected a gzip-compressed bpe_simple_vocab_16e6.txt): " + e.getMessage(), e);
        }
        if (merges.isEmpty()) {
            throw new TokenizerException(bpeGz + " holds no merges: expected a '#version' header followed by lines like 'i n'");
        }
        List<String> vocab = new ArrayList<>(512 + merges.size() + 2);
        vocab.addAll(ByteLevelAlphabet.characters());
        for (String c : ByteLevelAlphabet.characters()) {
            vocab.add(c + END_OF_WORD);
        }
        for (String[] m : merges) {
            vocab.add(m[0] + m[1]);
        }
        vocab.add(START_OF_TEXT);
        vocab.add(END_OF_TEXT);
        // Python's dict(zip(vocab, range(len(vocab)))): a repeated token string keeps its last id.
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        return new BpeVocabulary(bpeGz.toString(), ids, merges);
    }

    /** Hugging Face {@code vocab.json} (token → id) and {@code merges.txt} ({@code #version} header, one merge per line). */
    static BpeVocabulary readVocabAndMerges(Path vocabJson, Path mergesTxt) {
        Map<String, Integer> ids = readIds(readJson(vocabJson), vocabJson.toString());
        List<String[]> merges = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TokenizerException("merges file not found: " + mergesTxt);
        } catch (IOException e) {
            throw new TokenizerException("cannot read the merges file " + mergesTxt + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size() && merges.size() < MAX_MERGES; i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            merges.add(parseMerge(line, mergesTxt, i + 1));
        }
        return checked(new BpeVocabulary(vocabJson + " + " + mergesTxt, ids, merges));
    }

    /** A Hugging Face {@code tokenizer.json} with a BPE model (merges as "a b" strings or as [a, b] pairs). */
    static BpeVocabulary readHuggingFaceJson(Path tokenizerJson) {
        JsonNode root = readJson(tokenizerJson);
        JsonNode model = root.path("model");
        String where = tokenizerJson.toString();
        if (!model.isObject() || !model.path("vocab").isObject() || !model.path("merges").isArray()) {
            throw new TokenizerException(where + " is not a BPE tokenizer.json: expected model.vocab (object) and model.merges (array)");
        }
        String type = model.path("type").asText("BPE");
        if (!"BPE".equals(type)) {
            throw new TokenizerException(where + " holds a " + type + " model but CLIP needs BPE");
        }
        JsonNode suffix = model.path("end_of_word_suffix");
        if (suffix.isTextual() && !END_OF_WORD.equals(suffix.asText())) {
            throw new TokenizerException(where + " marks word ends with '" + suffix.asText() + "' but CLIP uses '" + END_OF_WORD + "'");
        }
        Map<String, Integer> ids = readIds(model.path("vocab"), where);
        for (JsonNode added : root.path("added_tokens")) {
            if (added.path("content").isTextual() && added.path("id").canConvertToInt()) {
                ids.putIfAbsent(added.path("content").asText(), added.path("id").asInt());
            }
        }
        List<String[]> merges = new ArrayList<>();
        int n = 0;
        for (JsonNode m : model.path("merges")) {
            n++;
            if (merges.size() >= MAX_MERGES) {
                break;
            }
            if (m.isTextual()) {
                merges.add(parseMerge(m.asText(), where + " merge", n));
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                merges.add(new String[]{m.get(0).asText(), m.get(1).asText()});
            } else {
                throw new TokenizerException(where + " merge " + n + " is " + m + " but should be \"a b\" or [\"a\", \"b\"]");
            }
        }
        return checked(new BpeVocabulary(where, ids, merges));
    }

    /** Files that list ids themselves must list one for every merge result. */
    private static BpeVocabulary checked(BpeVocabulary v) {
        for (int i = 0; i < v.merges.size(); i++) {
            String[] m = v.merges.get(i);
            for (String token : new String[]{m[0], m[1], m[0] + m[1]}) {
                if (!v.ids.containsKey(token)) {
                    throw new TokenizerException(v.source + ": merge " + (i + 1) + " '" + m[0] + " " + m[1]
                            + "' needs the token '" + token + "', which the vocabulary lacks");
                }
            }
        }
        return v;
    }

    /** "a b" → {a, b}; {@code where} and {@code number} name the line in an error (built only then). */
    private static String[] parseMerge(String line, Object where, int number) {
        int space = line.indexOf(' ');
        if (space > 0 && space == line.lastIndexOf(' ') && space < line.length() - 1 && line.indexOf('\t') < 0
                && line.indexOf('\r') < 0) {
            return new String[]{line.substring(0, space), line.substring(space + 1)};
        }
        String[] parts = line.strip().split("\\s+");
        if (parts.length != 2) {
            throw new TokenizerException(where + " line " + number + ": expected a merge of two symbols like 'i n' but found '"
                    + line + "'");
        }
        return parts;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new TokenizerException("tokenizer file not found: " + file);
            }
            throw new TokenizerException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> readIds(JsonNode vocab, String where) {
        if (!vocab.isObject()) {
            throw new TokenizerException(where + ": expected a JSON object mapping tokens to ids");
        }
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                throw new TokenizerException(where + ": the id of '" + e.getKey() + "' is " + e.getValue() + ", not a non-negative integer");
            }
            ids.put(e.getKey(), e.getValue().asInt());
        }
        return ids;
    }

    private void requireToken(String token, String what) {
        if (!ids.containsKey(token)) {
            throw new TokenizerException(source + " is not a CLIP byte-level BPE vocabulary: it lacks the " + what
                    + " '" + token + "'");
        }
    }

    String source() {
        return source;
    }

    /** Id of a token string, or −1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** Token string of an id, or null for ids the vocabulary does not use. */
    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** One more than the largest id. */
    int size() {
        return tokens.length;
    }

    /** Merges in rank order, each {left, right}. */
    List<String[]> merges() {
        return merges;
    }
}
