package dev.findling.models.pack;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a pack's tokenizer lives, relative to the pack folder.
 *
 * @param type   {@code clip-bpe} (OpenAI's bpe_simple_vocab_16e6.txt.gz format, in {@code file}),
 *               {@code hf-tokenizer-json} (Hugging Face tokenizer.json, in {@code file}) or
 *               {@code hf-vocab-merges} ({@code vocab} = vocab.json, {@code merges} = merges.txt)
 * @param file   the single tokenizer file for the first two types
 * @param vocab  vocab.json for {@code hf-vocab-merges}
 * @param merges merges.txt for {@code hf-vocab-merges}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenizerSpec(String type, String file, String vocab, String merges) {
    public static final String CLIP_BPE = "clip-bpe";
    public static final String HF_TOKENIZER_JSON = "hf-tokenizer-json";
    public static final String HF_VOCAB_MERGES = "hf-vocab-merges";
}
