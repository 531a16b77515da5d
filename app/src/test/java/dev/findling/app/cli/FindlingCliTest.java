package dev.findling.app.cli;

import dev.findling.app.command.ExitCode;
import dev.findling.app.TestData;
import dev.findling.models.reference.ReferencePack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CLI run in-process: output on stdout, diagnostics on stderr, exit codes 0/1/2. */
class FindlingCliTest {
    private static final String DOG_IDS = "49406 320 1125 539 320 1929 49407";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void clearProperties() {
        System.clearProperty("findling.intra-op-threads");
    }

    private int run(String... args) {
        List<String> withDataDir = new ArrayList<>(List.of("--data-dir", TestData.dataDir().toString()));
        withDataDir.addAll(List.of(args));
        return runExactly(withDataDir.toArray(String[]::new));
    }

    private int runExactly(String... args) {
        FindlingCli.Outcome outcome = new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
        assertThat(outcome.serving()).isFalse();
        return outcome.exitCode();
    }

    @Test
    void modelsListShowsTheReferencePackWithItsFiveRoles() {
        assertThat(run("models", "list")).as(err.toString()).isEqualTo(0);
        String listing = out.toString();
        assertThat(listing).contains("* " + ReferencePack.ID, "reference (classical, not learned)",
                TestData.dataDir().resolve("packs").resolve(ReferencePack.ID).toString());
        for (String role : List.of("image-encoder", "mask-decoder", "text-encoder", "dense-encoder", "image-embedder")) {
            assertThat(listing).containsPattern("(?m)^\\s+" + role + "\\s+\\S+\\s+\\S+\\.onnx");
        }
        assertThat(listing).containsPattern("(?m)^\\s+mask-decoder\\s+sam-onnx\\s")
                .containsPattern("(?m)^\\s+mask-decoder\\s+persam\\s");
        // Then what can be downloaded, so a user learns how to get real models.
        assertThat(listing).contains("models fetch NAME", "mobilesam");
    }

    @Test
    void fetchOfAnUnknownPackIsAUsageErrorThatNamesTheKnownOnes() {
        assertThat(run("models", "fetch", "sam-vit-z")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Unknown pack 'sam-vit-z'", "mobilesam");
    }

    @Test
    void globalOptionsAlsoWorkAfterTheCommand() {
        assertThat(runExactly("models", "list", "--data-dir", TestData.dataDir().toString())).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains(TestData.dataDir().resolve("packs").toString());
    }

    @Test
    void tokenizePrintsTheClipIdsUsingTheSharedVocabulary() {
        assumeTrue(TestData.sharedClipVocabulary().isPresent(),
                "../shared/data/clip is absent beside the repository: skipping the tokenizer check");
        assertThat(run("tokenize", "a photo of a dog")).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).isEqualTo(DOG_IDS + System.lineSeparator());
        assertThat(err.toString()).contains("vocabulary: " + TestData.sharedClipVocabulary().get(), "../shared");
    }

    @Test
    void tokenizeUsesAnExplicitVocabulary() {
        assumeTrue(TestData.sharedClipVocabulary().isPresent(),
                "../shared/data/clip is absent beside the repository: skipping the tokenizer check");
        Path vocab = TestData.sharedClipVocabulary().get();
        assertThat(run("tokenize", "--vocab", vocab.toString(), "a", "photo", "of", "a", "dog")).isEqualTo(0);
        assertThat(out.toString().strip()).isEqualTo(DOG_IDS);
        assertThat(err.toString()).contains("(from --vocab)");
    }

    @Test
    void missingVocabularyFileIsAOneLineRuntimeError() {
        assertThat(run("tokenize", "--vocab", "/no/such/vocab.txt.gz", "dog")).isEqualTo(ExitCode.ERROR);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("findling: error: the vocabulary file given by --vocab does not exist")
                .doesNotContain("Exception", "\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void verboseAddsTheStackTrace() {
        assertThat(run("--verbose", "tokenize", "--vocab", "/no/such/vocab.txt.gz", "dog")).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString()).contains("IllegalArgumentException", "\tat ");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(runExactly("tokenize")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required parameter", "Usage: findling tokenize");

        err.getBuffer().setLength(0);
        assertThat(runExactly("no-such-command")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("no-such-command");

        err.getBuffer().setLength(0);
        assertThat(runExactly("models")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("list", "fetch", "verify");

        err.getBuffer().setLength(0);
        assertThat(runExactly("--device", "gpu", "models", "list")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("gpu", "CPU", "CUDA", "AUTO");
    }

    @Test
    void helpListsTheCommandsAndExitsWith0() {
        assertThat(runExactly("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("serve", "models", "tokenize", "--data-dir", "Exit codes");
    }

    @Test
    void invalidConfigurationIsAOneLineRuntimeError() {
        System.setProperty("findling.intra-op-threads", "-1");
        assertThat(run("models", "list")).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString())
                .startsWith("findling: error: invalid configuration: findling.intra-op-threads = -1")
                .doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void verifyAcceptsTheReferencePackAndRejectsABrokenOne() throws IOException {
        assertThat(run("models", "list")).isEqualTo(0);
        Path reference = TestData.dataDir().resolve("packs").resolve(ReferencePack.ID);
        out.getBuffer().setLength(0);
        assertThat(run("models", "verify", reference.toString())).as(out.toString()).isEqualTo(0);
        assertThat(out.toString()).contains(ReferencePack.ID, "OK");

        Path broken = TestData.newTempDir("findling-verify-");
        Files.writeString(broken.resolve("pack.json"), "{ not json");
        out.getBuffer().setLength(0);
        assertThat(run("models", "verify", broken.toString())).isEqualTo(ExitCode.ERROR);
        assertThat(out.toString()).contains("FAILED");
    }
}
