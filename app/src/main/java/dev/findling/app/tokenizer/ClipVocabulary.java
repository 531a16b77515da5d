package dev.findling.app.tokenizer;

import dev.findling.models.pack.TokenizerFiles;
import dev.findling.semantic.tokenizer.ClipTokenizer;

import java.nio.file.Path;

/**
 * Where the CLIP vocabulary comes from, and how it was chosen.
 *
 * @param file      the BPE vocabulary file ({@code bpe_simple_vocab_16e6.txt.gz}); null when the pack's own
 *                  tokenizer files are used
 * @param packFiles the active pack's tokenizer files; null when {@code file} is used
 * @param source    how it was chosen, e.g. "--vocab", "findling.clip.vocab", "the data dir"
 */
public record ClipVocabulary(Path file, TokenizerFiles packFiles, String source) {

    public static ClipVocabulary ofFile(Path file, String source) {
        return new ClipVocabulary(file, null, source);
    }

    public static ClipVocabulary ofPack(TokenizerFiles files, String packId) {
        return new ClipVocabulary(null, files, "the tokenizer of pack " + packId);
    }

    public ClipTokenizer open() {
        return file != null ? ClipTokenizer.fromClipBpe(file) : ClipTokenizer.forPack(packFiles);
    }

    /** For the CLI's stderr: "vocabulary: /path (from --vocab)". */
    public String describe() {
        Path shown = file != null ? file : packFiles.file() != null ? packFiles.file() : packFiles.vocab();
        return "vocabulary: " + shown + " (from " + source + ")";
    }
}
