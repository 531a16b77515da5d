package dev.findling.semantic.text;

import dev.findling.models.clip.TextEncoder;
import dev.findling.semantic.tokenizer.ClipTokenizer;
import dev.findling.semantic.tokenizer.TokenizerException;

import java.util.List;
import java.util.Objects;

/**
 * CLIP's zero-shot class embedding (docs/ARCHITECTURE.md §4 step 1): each prompt template filled with the class name,
 * tokenized, encoded, normalised; the mean of those, normalised again. Cached per (class, pack).
 *
 * <p>Whether the model understands a class is decided from the bare class name: if its own embedding
 * is zero (a vocabulary without the word, as in the reference pack), the class is reported as not
 * understood, even though a template word ("black and white") may still give the ensemble a direction
 * that would otherwise be passed off as the class. Template embeddings that are zero are left out of the
 * mean (they have no direction to normalise). Thread-safe.
 */
public final class PromptEnsembleEmbedder {
    private static final float ZERO_NORM = 1e-6f;

    private final TextEncoder encoder;
    private final ClipTokenizer tokenizer;
    private final String packId;
    private final List<String> templates;
    private final TextEmbeddingCache cache;

    public PromptEnsembleEmbedder(TextEncoder encoder, ClipTokenizer tokenizer, String packId, TextEmbeddingCache cache) {
        this(encoder, tokenizer, packId, PromptTemplates.IMAGENET, cache);
    }

    public PromptEnsembleEmbedder(TextEncoder encoder, ClipTokenizer tokenizer, String packId, List<String> templates,
                                  TextEmbeddingCache cache) {
        this.encoder = Objects.requireNonNull(encoder, "text encoder");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.packId = Objects.requireNonNull(packId, "pack id");
        this.templates = List.copyOf(templates);
        this.cache = Objects.requireNonNull(cache, "cache");
        if (this.templates.isEmpty() || !this.templates.stream().allMatch(t -> t.contains(PromptTemplates.PLACEHOLDER))) {
            throw new IllegalArgumentException("prompt templates must be non-empty and each contain {}");
        }
    }

    /**
     * The class's embedding, from the cache when this (class, pack) was embedded before.
     *
     * @throws IllegalArgumentException when the class name is blank
     * @throws TokenizerException       when the class name is so long that a filled template exceeds the context
     */
    public ClassEmbedding embed(String className) {
        String name = Objects.requireNonNull(className, "class name").strip();
        String key = ClipTokenizer.normalize(name);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("class name is empty");
        }
        ClassEmbedding cached = cache.get(key, packId);
        if (cached != null) {
            return cached.className().equals(name) ? cached
                    : new ClassEmbedding(name, cached.packId(), cached.vector(), cached.templatesUsed(), cached.problem());
        }
        ClassEmbedding computed = compute(name);
        cache.put(key, packId, computed);
        return computed;
    }

    /** The plain (not ensembled) embedding of one text, normalised; zero when the model has none. For library text search. */
    public float[] embedSentence(String text) {
        float[] e = encoder.encode(tokenizer.encode(text, encoder.contextLength(), false));
        float n = norm(e);
        if (n < ZERO_NORM) {
            return new float[e.length];
        }
        scale(e, 1f / n);
        return e;
    }

    public String packId() {
        return packId;
    }

    public TextEmbeddingCache cache() {
        return cache;
    }

    private ClassEmbedding compute(String name) {
        int dim = encoder.dimension();
        float[] bare = encoder.encode(encodeOrExplain(name, name, null));
        if (norm(bare) < ZERO_NORM) {
            return new ClassEmbedding(name, packId, new float[dim], 0,
                    "the model has no embedding for '" + name + "': its text encoder maps it to zero (the word is not in what"
                            + " this pack's vocabulary understands)");
        }
        float[] sum = new float[dim];
        int used = 0;
        for (String template : templates) {
            float[] e = encoder.encode(encodeOrExplain(PromptTemplates.fill(template, name), name, template));
            float n = norm(e);
            if (n < ZERO_NORM) {
                continue;
            }
            for (int i = 0; i < dim; i++) {
                sum[i] += e[i] / n;
            }
            used++;
        }
        float n = norm(sum);
        if (used == 0 || n < ZERO_NORM) {
            return new ClassEmbedding(name, packId, new float[dim], used,
                    "the prompt templates for '" + name + "' cancel out to a zero embedding");
        }
        scale(sum, 1f / n);
        return new ClassEmbedding(name, packId, sum, used, null);
    }

    private int[] encodeOrExplain(String text, String className, String template) {
        try {
            return tokenizer.encode(text, encoder.contextLength(), false);
        } catch (TokenizerException e) {
            if (e.tokenCount() < 0) {
                throw e;
            }
            String subject = template == null ? "it" : "the prompt '" + template + "' filled with it";
            throw new TokenizerException("class name '" + abbreviate(className) + "' is too long: " + subject + " needs "
                    + e.tokenCount() + " tokens but the text encoder reads at most " + e.contextLength(),
                    e.tokenCount(), e.contextLength());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }

    private static float norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return (float) Math.sqrt(s);
    }

    private static void scale(float[] v, float f) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= f;
        }
    }
}
