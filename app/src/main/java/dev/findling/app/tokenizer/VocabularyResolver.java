package dev.findling.app.tokenizer;

import dev.findling.app.FindlingApplication;
import dev.findling.app.FindlingProperties;
import dev.findling.app.packs.ActivePack;
import dev.findling.models.ModelPack;
import dev.findling.models.pack.TokenizerFiles;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.stereotype.Component;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Chooses the CLIP BPE vocabulary, in this order:
 * <ol>
 *   <li>an explicit file (the CLI's {@code --vocab});</li>
 *   <li>{@code findling.clip.vocab} ({@code FINDLING_CLIP_VOCAB});</li>
 *   <li>{@code <data-dir>/clip/bpe_simple_vocab_16e6.txt.gz};</li>
 *   <li>{@code ../shared/data/clip/bpe_simple_vocab_16e6.txt.gz} relative to the working directory, then relative
 *       to the repository the jar was built in (so {@code java -jar app/target/findling.jar} finds it from any
 *       directory of a checkout);</li>
 *   <li>the active pack's own tokenizer files.</li>
 * </ol>
 * Files named explicitly (the first two) must exist; a missing one is an error rather than a silent fall-through
 * to another vocabulary.
 */
@Component
public class VocabularyResolver {
    /** OpenAI CLIP's BPE vocabulary file name. */
    public static final String BPE_FILE = "bpe_simple_vocab_16e6.txt.gz";
    private static final Path SHARED_VOCABULARY = Path.of("..", "shared", "data", "clip", BPE_FILE);

    private final FindlingProperties properties;
    private final ActivePack activePack;

    public VocabularyResolver(FindlingProperties properties, ActivePack activePack) {
        this.properties = properties;
        this.activePack = activePack;
    }

    /**
     * @param explicit a file the user named on the command line, or null
     * @throws IllegalArgumentException when a named file does not exist
     * @throws dev.findling.app.packs.PackUnavailableException when it comes to the pack and the pack did not load
     * @throws IllegalStateException when nothing provides a vocabulary
     */
    public ClipVocabulary resolve(Path explicit) {
        if (explicit != null) {
            return ClipVocabulary.ofFile(existing(explicit, "--vocab"), "--vocab");
        }
        Path configured = properties.clip().vocab();
        if (configured != null) {
            return ClipVocabulary.ofFile(existing(configured, "findling.clip.vocab"), "findling.clip.vocab");
        }
        Path inDataDir = properties.dataDir().resolve("clip").resolve(BPE_FILE);
        if (Files.isRegularFile(inDataDir)) {
            return ClipVocabulary.ofFile(inDataDir, "the data dir");
        }
        Path besideWorkingDir = Path.of("").toAbsolutePath().resolve(SHARED_VOCABULARY).normalize();
        if (Files.isRegularFile(besideWorkingDir)) {
            return ClipVocabulary.ofFile(besideWorkingDir, "../shared next to the working directory");
        }
        Optional<Path> besideRepository = repositoryRoot().map(root -> root.resolve(SHARED_VOCABULARY).normalize())
                .filter(Files::isRegularFile);
        if (besideRepository.isPresent()) {
            return ClipVocabulary.ofFile(besideRepository.get(), "../shared next to the repository");
        }
        ModelPack pack = activePack.require();
        TokenizerFiles files = pack.tokenizer().orElseThrow(() -> new IllegalStateException(
                "no CLIP vocabulary: pass --vocab FILE, set FINDLING_CLIP_VOCAB, or put " + BPE_FILE + " in "
                        + inDataDir.getParent() + " (the active pack " + pack.id() + " has no tokenizer)"));
        return ClipVocabulary.ofPack(files, pack.id());
    }

    private static Path existing(Path file, String setting) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("the vocabulary file given by " + setting + " does not exist: " + absolute);
        }
        return absolute;
    }

    /**
     * The checkout this code was built in: the nearest folder above the jar (or the classes folder when run from
     * the build tree) that holds {@code app/pom.xml}. Empty for a jar copied elsewhere.
     */
    static Optional<Path> repositoryRoot() {
        for (Path dir = codeLocation().orElse(null); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("app").resolve("pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The classes folder in a build tree, the executable jar when packaged. */
    private static Optional<Path> codeLocation() {
        CodeSource code = FindlingApplication.class.getProtectionDomain().getCodeSource();
        URL location = code == null ? null : code.getLocation();
        if (location != null && "file".equals(location.getProtocol())) {
            try {
                return Optional.of(Path.of(location.toURI()).toAbsolutePath());
            } catch (URISyntaxException e) {
                // Not a usable file URL; ask Spring Boot below.
            }
        }
        // Inside the executable jar the classes have a nested-jar URL; ApplicationHome resolves it to the jar file.
        File source = new ApplicationHome(FindlingApplication.class).getSource();
        return source == null ? Optional.empty() : Optional.of(source.toPath().toAbsolutePath());
    }
}
