package dev.findling.app.cleaning;

import dev.findling.app.command.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clean-dataset} in-process: the files, the table on stdout, the summary on stderr, usage errors. */
class CleanDatasetCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = TestData.dataDir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(all).exitCode();
    }

    @Test
    void cleansAFolderAndWritesEveryOutputAndTheZip() throws IOException {
        Path ref = Files.write(dir.resolve("ref.png"), CleaningScenes.referencePng());
        Path mask = Files.write(dir.resolve("ref-mask.png"), CleaningScenes.referenceMaskPng());
        Path in = dir.resolve("set");
        CleaningScenes.writeTo(in, CleaningScenes.trainingSet());
        Path outDir = dir.resolve("clean");
        int code = run("clean-dataset", "--ref", ref.toString(), "--mask", mask.toString(), "--in", in.toString(),
                "--out", outDir.toString(), "--zip", "--square", "--margin", "0.2");
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK);
        for (String f : new String[]{"images/a-subject.png", "images/a-subject.txt", "masks/a-subject.png",
                "cutouts/a-subject.png", "on-white/a-subject.png", "crops/a-subject.png", "masked-loss/a-subject.png",
                "manifest.json", "manifest.csv"}) {
            assertThat(outDir.resolve(f)).as(f).isRegularFile();
        }
        assertThat(outDir.resolve("masks/c-absent.png")).doesNotExist();
        BufferedImage crop = ImageIO.read(outDir.resolve("crops/a-subject.png").toFile());
        assertThat(crop.getWidth()).isEqualTo(crop.getHeight());
        assertThat(dir.resolve("clean.zip")).isRegularFile();
        JsonNode manifest = new ObjectMapper().readTree(outDir.resolve("manifest.json").toFile());
        assertThat(manifest.get(0).path("reason").isNull()).isTrue();
        assertThat(manifest.get(1).path("reason").asText()).isEqualTo("absent");
        assertThat(manifest.get(2).path("reason").asText()).isEqualTo("unreadable");
        assertThat(out.toString()).containsPattern("(?m)^a-subject\\.png\\s+kept\\s")
                .containsPattern("(?m)^c-absent\\.png\\s+rejected\\s+absent\\s")
                .containsPattern("(?m)^f-broken\\.png\\s+rejected\\s+unreadable\\s");
        assertThat(err.toString()).contains("1 of 3 images kept, 2 rejected (1 absent, 1 unreadable)", "[#");

        // A folder with other files is refused (its files are the user's, not an earlier run's).
        assertThat(run("clean-dataset", "--ref", ref.toString(), "--mask", mask.toString(), "--in", in.toString(),
                "--out", in.toString())).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString()).contains("not empty");
        assertThat(in.resolve("a-subject.png")).isRegularFile();
    }

    @Test
    void aSubjectIsRequired() {
        assertThat(run("clean-dataset", "--in", dir.toString(), "--out", dir.resolve("o").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("give either --ref and --mask, or --concept");
    }
}
