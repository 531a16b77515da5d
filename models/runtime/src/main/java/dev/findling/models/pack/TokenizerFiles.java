package dev.findling.models.pack;

import java.nio.file.Path;

/**
 * A pack's tokenizer resolved to absolute paths (see {@link TokenizerSpec} for the types).
 *
 * @param type   {@code clip-bpe}, {@code hf-tokenizer-json} or {@code hf-vocab-merges}
 * @param file   the single tokenizer file for {@code clip-bpe} and {@code hf-tokenizer-json}; null otherwise
 * @param vocab  vocab.json for {@code hf-vocab-merges}; null otherwise
 * @param merges merges.txt for {@code hf-vocab-merges}; null otherwise
 */
public record TokenizerFiles(String type, Path file, Path vocab, Path merges) {
}
