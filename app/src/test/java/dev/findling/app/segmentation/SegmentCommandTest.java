package dev.findling.app.segmentation;

import dev.findling.app.command.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.SyntheticScenes.Scene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code findling segment} run in-process: the files it writes, its table, its errors and exit codes. */
class SegmentCommandTest {
    private static final Scene SCENE = SyntheticScenes.standardScene(320, 240, 7);
    private static Path images;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeImages() throws IOException {
        images = TestData.newTempDir("findling-segment-in-");
        Files.write(images.resolve("scene.png"), PngWriter.rgb(SCENE.image()));
        Files.writeString(images.resolve("notes.txt"), "not an image\n");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", TestData.dataDir().toString()));
        all.addAll(List.of(args));
        FindlingCli.Outcome outcome = new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true))
                .run(all.toArray(String[]::new));
        assertThat(outcome.serving()).isFalse();
        return outcome.exitCode();
    }

    @Test
    void writesLabelMapMasksRlesAndSummary() throws IOException {
        Path dir = TestData.newTempDir("findling-segment-out-").resolve("out");
        int exit = run("segment", "--text", "red, blue, unicorn", "--out", dir.toString(), images.resolve("scene.png").toString());
        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);

        assertThat(ImageDecoder.read(dir.resolve("scene.labels.png"), ImageLimits.DEFAULT).width()).isEqualTo(320);
        BinaryMask red = MaskImages.read(dir.resolve("scene.red.mask.png"), ImageLimits.DEFAULT);
        BinaryMask blue = MaskImages.read(dir.resolve("scene.blue.mask.png"), ImageLimits.DEFAULT);
        assertThat(red.iou(SCENE.disc())).isGreaterThanOrEqualTo(0.8);
        assertThat(blue.iou(SCENE.square())).isGreaterThanOrEqualTo(0.8);
        CocoRle redRle = CocoRle.fromJson(Files.readString(dir.resolve("scene.red.rle.json")));
        assertThat(redRle.decode()).isEqualTo(red);
        assertThat(dir.resolve("scene.unicorn.mask.png")).doesNotExist();
        assertThat(dir.resolve("scene.unicorn.rle.json")).doesNotExist();

        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("pack").path("label").asText()).isEqualTo("reference (classical, not learned)");
        assertThat(summary.path("mode").asText()).isEqualTo("refined");
        JsonNode image = summary.path("images").get(0);
        assertThat(image.path("labels").asText()).isEqualTo("scene.labels.png");
        assertThat(image.path("width").asInt()).isEqualTo(320);
        JsonNode classes = image.path("classes");
        assertThat(classes.get(0).path("mask").asText()).isEqualTo("scene.red.mask.png");
        assertThat(classes.get(0).path("rle").asText()).isEqualTo("scene.red.rle.json");
        assertThat(classes.get(0).path("area").asLong()).isEqualTo(red.area());
        assertThat(classes.get(2).path("found").asBoolean()).isFalse();
        assertThat(classes.get(2).path("message").asText()).contains("unicorn");

        String table = out.toString();
        assertThat(table.lines().findFirst().orElseThrow()).containsPattern("image\\s+class\\s+found\\s+score\\s+area %\\s+ms");
        assertThat(table).containsPattern("scene\\.png\\s+red\\s+yes\\s+[01]\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+\\d+")
                .containsPattern("scene\\.png\\s+unicorn\\s+no\\s+0\\.00\\s+0\\.00");
        assertThat(err.toString()).contains("reference (classical, not learned)");
    }

    @Test
    void unreadableImageIsReportedAndTheOthersAreStillWritten() {
        Path dir = TestData.newTempDir("findling-segment-out-");
        int exit = run("segment", "--text", "red", "--mode", "coarse", "--out", dir.toString(),
                images.resolve("notes.txt").toString(), images.resolve("scene.png").toString());
        assertThat(exit).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString()).contains("findling: error: " + images.resolve("notes.txt") + ": ")
                .contains("1 of 2 images could not be read")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("scene.red.mask.png")).isRegularFile();
        assertThat(dir.resolve("summary.json")).isRegularFile();
    }

    @Test
    void missingOrEmptyTextIsAUsageError() {
        assertThat(run("segment", images.resolve("scene.png").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--text");
        err.getBuffer().setLength(0);
        assertThat(run("segment", "--text", " , ", images.resolve("scene.png").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("names no class");
    }

    @Test
    void classNamesBecomeSafeDistinctFileNames() {
        assertThat(SegmentCommand.classFileNames(List.of("red car", "red/car", "../x", "", "Rouge vif")))
                .containsExactly("red-car", "red-car-2", "x", "class4", "Rouge-vif");
    }
}
