package dev.findling.models.reference.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A test-side reader of OpenAI CLIP's BPE file, written independently of {@link ReferenceVocabulary}
 * and following clip/simple_tokenizer.py step by step, so that the reference file is checked the way
 * CLIP would read it. Basic cleaning only (lower case, collapsed whitespace); no ftfy.
 */
final class ClipBpeFile {
    static final int CONTEXT_LENGTH = 77;
    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+");

    final String header;
    final List<String[]> merges;
    final List<String> vocab;
    final Map<String, Integer> encoder;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Map<Integer, String> byteEncoder;

    private ClipBpeFile(String text) {
        String[] lines = text.split("\n", -1);
        header = lines[0];
        int end = Math.min(lines.length, 49152 - 256 - 2 + 1);
        merges = new ArrayList<>();
        for (int i = 1; i < end; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                continue; // a final newline
            }
            String[] pair = lines[i].split(" ");
            if (pair.length != 2) {
                throw new IllegalArgumentException("merge line " + i + " is not two symbols: '" + lines[i] + "'");
            }
            merges.add(pair);
        }
        byteEncoder = bytesToUnicode();
        vocab = new ArrayList<>(byteEncoder.values());
        for (String c : byteEncoder.values()) {
            vocab.add(c + "</w>");
        }
        for (String[] m : merges) {
            ranks.put(m[0] + " " + m[1], ranks.size());
            vocab.add(m[0] + m[1]);
        }
        vocab.add("<|startoftext|>");
        vocab.add("<|endoftext|>");
        encoder = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            encoder.put(vocab.get(i), i);
        }
    }

    static ClipBpeFile parse(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new ClipBpeFile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int sot() {
        return encoder.get("<|startoftext|>");
    }

    int eot() {
        return encoder.get("<|endoftext|>");
    }

    /** BPE ids of a text, without start/end tokens. */
    List<Integer> bpeIds(String text) {
        List<Integer> ids = new ArrayList<>();
        String clean = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        Matcher m = WORDS.matcher(clean);
        while (m.find()) {
            StringBuilder token = new StringBuilder();
            for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
                token.append(byteEncoder.get(b & 0xff));
            }
            for (String piece : bpe(token.toString())) {
                ids.add(encoder.get(piece));
            }
        }
        return ids;
    }

    /** 77 ids: start, BPE ids, end, zero padding. */
    long[] encode(String text) {
        List<Integer> ids = bpeIds(text);
        long[] out = new long[CONTEXT_LENGTH];
        out[0] = sot();
        for (int i = 0; i < ids.size(); i++) {
            out[i + 1] = ids.get(i);
        }
        out[ids.size() + 1] = eot();
        return out;
    }

    private List<String> bpe(String token) {
        List<String> word = new ArrayList<>();
        int n = token.codePointCount(0, token.length());
        int i = 0;
        for (int cp : token.codePoints().toArray()) {
            String s = new String(Character.toChars(cp));
            word.add(++i == n ? s + "</w>" : s);
        }
        while (word.size() > 1) {
            String best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int k = 0; k + 1 < word.size(); k++) {
                Integer r = ranks.get(word.get(k) + " " + word.get(k + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = word.get(k) + " " + word.get(k + 1);
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split(" ");
            List<String> next = new ArrayList<>();
            for (int k = 0; k < word.size(); k++) {
                if (k + 1 < word.size() && word.get(k).equals(pair[0]) && word.get(k + 1).equals(pair[1])) {
                    next.add(pair[0] + pair[1]);
                    k++;
                } else {
                    next.add(word.get(k));
                }
            }
            word = next;
        }
        return word;
    }

    /** GPT-2's byte → printable character table, in its insertion order. */
    private static Map<Integer, String> bytesToUnicode() {
        List<Integer> bs = new ArrayList<>();
        for (int b = 33; b <= 126; b++) bs.add(b);
        for (int b = 161; b <= 172; b++) bs.add(b);
        for (int b = 174; b <= 255; b++) bs.add(b);
        List<Integer> cs = new ArrayList<>(bs);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                bs.add(b);
                cs.add(256 + n++);
            }
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 0; i < bs.size(); i++) {
            out.put(bs.get(i), new String(Character.toChars(cs.get(i))));
        }
        return out;
    }

    /** The 80 ImageNet prompt templates of CLIP's zero-shot evaluation. */
    static final List<String> IMAGENET_TEMPLATES = Arrays.asList(
            "a bad photo of a {}.", "a photo of many {}.", "a sculpture of a {}.", "a photo of the hard to see {}.",
            "a low resolution photo of the {}.", "a rendering of a {}.", "graffiti of a {}.", "a bad photo of the {}.",
            "a cropped photo of the {}.", "a tattoo of a {}.", "the embroidered {}.", "a photo of a hard to see {}.",
            "a bright photo of a {}.", "a photo of a clean {}.", "a photo of a dirty {}.", "a dark photo of the {}.",
            "a drawing of a {}.", "a photo of my {}.", "the plastic {}.", "a photo of the cool {}.",
            "a close-up photo of a {}.", "a black and white photo of the {}.", "a painting of the {}.", "a painting of a {}.",
            "a pixelated photo of the {}.", "a sculpture of the {}.", "a bright photo of the {}.", "a cropped photo of a {}.",
            "a plastic {}.", "a photo of the dirty {}.", "a jpeg corrupted photo of a {}.", "a blurry photo of the {}.",
            "a photo of the {}.", "a good photo of the {}.", "a rendering of the {}.", "a {} in a video game.",
            "a photo of one {}.", "a doodle of a {}.", "a close-up photo of the {}.", "a photo of a {}.",
            "the origami {}.", "the {} in a video game.", "a sketch of a {}.", "a doodle of the {}.",
            "a origami {}.", "a low resolution photo of a {}.", "the toy {}.", "a rendition of the {}.",
            "a photo of the clean {}.", "a photo of a large {}.", "a rendition of a {}.", "a photo of a nice {}.",
            "a photo of a weird {}.", "a blurry photo of a {}.", "a cartoon {}.", "art of a {}.",
            "a sketch of the {}.", "a embroidered {}.", "a pixelated photo of a {}.", "itap of the {}.",
            "a jpeg corrupted photo of the {}.", "a good photo of a {}.", "a plushie {}.", "a photo of the nice {}.",
            "a photo of the small {}.", "a photo of the weird {}.", "the cartoon {}.", "art of the {}.",
            "a drawing of the {}.", "a photo of the large {}.", "a black and white photo of a {}.", "the plushie {}.",
            "a dark photo of a {}.", "itap of a {}.", "graffiti of the {}.", "a toy {}.",
            "itap of my {}.", "a photo of a cool {}.", "a photo of a small {}.", "a tattoo of the {}.");
}
