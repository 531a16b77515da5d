package dev.findling.semantic.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.semantic.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real CLIP vocabulary converted to Hugging Face's layouts (as the openai/clip-* repositories ship
 * them: vocab.json with every token's id, merges.txt with a "#version" header, tokenizer.json with both)
 * must tokenize every text exactly as the .txt.gz does.
 */
class HuggingFaceFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXTS = List.of(
            "a photo of a dog", "A bad photo of the CAT.", "hello, world!", "2024-11-26 at 10:45pm",
            "it's a dog's life; don't you think? we'll see, I'd say you're right, they've gone, I'm here",
            "café naïve façade Ærøskøbing Straße", "東京の猫", "Москва", "😀🐶 dog 👍🏽", "fish &amp; chips &lt;b&gt;",
            "ﬁsh ｆｕｌｌｗｉｄｔｈ “quoted” text", "  lots   of\twhite\nspace  ", "<|startoftext|>odd<|endoftext|>",
            "x".repeat(40), "supercalifragilisticexpialidocious antidisestablishmentarianism");

    private static Path bpe;
    private static ClipTokenizer fromGz;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        bpe = SharedData.clipBpe();
        fromGz = ClipTokenizer.fromClipBpe(bpe);
    }

    @Test
    void vocabJsonAndMergesTxtGiveTheSameIds() throws IOException {
        Conversion c = convert();
        ClipTokenizer hf = ClipTokenizer.fromVocabAndMerges(c.vocabJson, c.mergesTxt);
        assertEquals(fromGz.vocabularySize(), hf.vocabularySize());
        for (String text : TEXTS) {
            assertArrayEquals(fromGz.encode(text, true), hf.encode(text, true), text);
        }
    }

    @Test
    void tokenizerJsonGivesTheSameIds() throws IOException {
        Conversion c = convert();
        for (Path file : List.of(c.tokenizerJsonStringMerges, c.tokenizerJsonPairMerges)) {
            ClipTokenizer hf = ClipTokenizer.fromHuggingFaceJson(file);
            assertEquals(49406, hf.startOfTextId());
            assertEquals(49407, hf.endOfTextId());
            for (String text : TEXTS) {
                assertArrayEquals(fromGz.encode(text, true), hf.encode(text, true), file.getFileName() + ": " + text);
            }
        }
    }

    @Test
    void vocabularyMissingAMergedTokenIsRejectedWithTheMerge() throws IOException {
        Conversion c = convert();
        ObjectNode vocab = (ObjectNode) JSON.readTree(c.vocabJson.toFile());
        vocab.remove("hello</w>");
        Path broken = dir.resolve("broken-vocab.json");
        JSON.writeValue(broken.toFile(), vocab);
        TokenizerException e = assertThrows(TokenizerException.class, () -> ClipTokenizer.fromVocabAndMerges(broken, c.mergesTxt));
        assertTrue(e.getMessage().contains("hello</w>"), e.getMessage());
    }

    private record Conversion(Path vocabJson, Path mergesTxt, Path tokenizerJsonStringMerges, Path tokenizerJsonPairMerges) {
    }

    /** Converts the .txt.gz the way Hugging Face's CLIP files are laid out; ids follow CLIP's own order. */
    private static Conversion convert() throws IOException {
        Path vocabJson = dir.resolve("vocab.json");
        if (Files.exists(vocabJson)) {
            return new Conversion(vocabJson, dir.resolve("merges.txt"), dir.resolve("tokenizer.json"), dir.resolve("tokenizer-pairs.json"));
        }
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bpe))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n");
        List<String> merges = new ArrayList<>();
        for (int i = 1; i <= 49152 - 256 - 2 && i < lines.length; i++) {
            merges.add(lines[i]);
        }
        List<String> tokens = new ArrayList<>(ByteLevelAlphabet.characters());
        for (String ch : ByteLevelAlphabet.characters()) {
            tokens.add(ch + "</w>");
        }
        for (String m : merges) {
            tokens.add(m.replace(" ", ""));
        }
        tokens.add("<|startoftext|>");
        tokens.add("<|endoftext|>");
        ObjectNode vocab = JSON.createObjectNode();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        JSON.writeValue(vocabJson.toFile(), vocab);
        Path mergesTxt = dir.resolve("merges.txt");
        Files.writeString(mergesTxt, "#version: 0.2\n" + String.join("\n", merges) + "\n", StandardCharsets.UTF_8);

        Path strings = dir.resolve("tokenizer.json");
        Path pairs = dir.resolve("tokenizer-pairs.json");
        for (boolean asPairs : new boolean[]{false, true}) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode added = root.putArray("added_tokens");
            added.addObject().put("id", 49406).put("content", "<|startoftext|>").put("special", true);
            added.addObject().put("id", 49407).put("content", "<|endoftext|>").put("special", true);
            ObjectNode model = root.putObject("model");
            model.put("type", "BPE");
            model.put("end_of_word_suffix", "</w>");
            model.set("vocab", vocab);
            ArrayNode m = model.putArray("merges");
            for (String merge : merges) {
                if (asPairs) {
                    String[] p = merge.split(" ");
                    m.addArray().add(p[0]).add(p[1]);
                } else {
                    m.add(merge);
                }
            }
            JSON.writeValue((asPairs ? pairs : strings).toFile(), root);
        }
        return new Conversion(vocabJson, mergesTxt, strings, pairs);
    }
}
