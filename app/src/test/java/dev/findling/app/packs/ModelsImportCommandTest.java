package dev.findling.app.packs;

import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.findling.models.testing.RealArchFixtures.CLIP_TEXT;
import static dev.findling.models.testing.RealArchFixtures.MOBILESAM_ENCODER;
import static dev.findling.models.testing.RealArchFixtures.PERSAM_DECODER;
import static dev.findling.models.testing.RealArchFixtures.SAM_DECODER;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code findling models import DIR} on the real-architecture exports; skipped without {@code ../shared}. */
class ModelsImportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(args).exitCode();
    }

    @Test
    void importWritesAPackThatVerifies() throws Exception {
        Path dir = RealArchFixtures.linkInto(TestData.newTempDir("findling-import-").resolve("exports"), false,
                MOBILESAM_ENCODER, SAM_DECODER, PERSAM_DECODER);

        assertThat(run("--data-dir", TestData.dataDir().toString(), "models", "import", dir.toString(), "--id", "fixtures"))
                .as(err.toString()).isEqualTo(FindlingCli.EXIT_OK);
        assertThat(out.toString()).contains("image-encoder / sam-preprocess  " + MOBILESAM_ENCODER,
                "mask-decoder / sam-onnx  " + SAM_DECODER, "mask-decoder / persam  " + PERSAM_DECODER,
                "Wrote " + dir.resolve("pack.json") + " (pack fixtures)", "FINDLING_PACK_DIR=" + dir);

        out.getBuffer().setLength(0);
        assertThat(run("--data-dir", TestData.dataDir().toString(), "models", "verify", dir.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("ok      image-encoder / sam-preprocess", "(pinned)", "OK");
    }

    @Test
    void aFolderThatCannotBeAPackFailsAndWritesNothing() throws Exception {
        Path dir = RealArchFixtures.linkInto(TestData.newTempDir("findling-import-").resolve("text-only"), false,
                MOBILESAM_ENCODER, SAM_DECODER, CLIP_TEXT);

        assertThat(run("--data-dir", TestData.dataDir().toString(), "models", "import", dir.toString()))
                .isEqualTo(FindlingCli.EXIT_ERROR);
        assertThat(err.toString()).contains("PROBLEM the CLIP text encoder needs its tokenizer", "Nothing written");
        assertThat(Files.exists(dir.resolve("pack.json"))).isFalse();
    }
}
