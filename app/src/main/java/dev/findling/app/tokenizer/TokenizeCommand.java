package dev.findling.app.tokenizer;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.semantic.tokenizer.ClipTokenizer;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;

/** {@code tokenize TEXT}: the CLIP token ids a text encoder would receive. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Print the CLIP token ids of TEXT.",
                "The ids run from the start token up to and including the end token, space-separated on one line;",
                "the vocabulary used is named on stderr."})
public class TokenizeCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The text; several words are joined with spaces.")
    List<String> words;

    @Option(names = "--vocab", paramLabel = "FILE",
            description = "CLIP BPE vocabulary (bpe_simple_vocab_16e6.txt.gz). Default: findling.clip.vocab, then "
                    + "<data-dir>/clip/, then ../shared/data/clip/ beside the working directory or the repository, "
                    + "then the active pack's tokenizer.")
    Path vocab;

    @Option(names = "--truncate",
            description = "Cut texts longer than the 77-token context (the end token stays last) instead of failing.")
    boolean truncate;

    @Autowired
    VocabularyResolver vocabularies;

    @Override
    public Integer call() {
        ClipVocabulary vocabulary = vocabularies.resolve(vocab);
        spec.commandLine().getErr().println(vocabulary.describe());
        ClipTokenizer tokenizer = vocabulary.open();
        int[] ids = tokenizer.encode(String.join(" ", words), truncate);
        spec.commandLine().getOut().println(tokenizer.formatIds(ids));
        return ExitCode.OK;
    }
}
