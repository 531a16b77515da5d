package dev.findling.app.concepts;

import dev.findling.app.command.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code find} and {@code eval-perseg} run in-process, as a user runs them. */
class FindCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", TestData.dataDir().toString()));
        all.addAll(List.of(args));
        FindlingCli.Outcome outcome = new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true))
                .run(all.toArray(String[]::new));
        return outcome.exitCode();
    }

    @Test
    void findWritesMaskCutoutAndRleOnlyWhereTheConceptIsFound() throws Exception {
        Path work = TestData.newTempDir("findling-find-");
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        Files.write(work.resolve("ref.png"), ConceptScenes.png(ref));
        Files.write(work.resolve("ref-mask.png"), ConceptScenes.discMaskPng(ref));
        Path photos = Files.createDirectories(work.resolve("photos"));
        SyntheticScenes.Scene present = ConceptScenes.otherPlacement();
        SyntheticScenes.Scene absent = ConceptScenes.withoutDisc();
        Files.write(photos.resolve("b-present.png"), ConceptScenes.png(present));
        Files.write(photos.resolve("c-absent.png"), ConceptScenes.png(absent));
        Files.write(photos.resolve("a-broken.jpg"), "not a jpeg".getBytes(StandardCharsets.UTF_8));
        Files.writeString(photos.resolve("notes.txt"), "not an image, and not named like one");
        Path results = work.resolve("out");

        int exit = run("find", "--ref", work.resolve("ref.png").toString(), "--mask", work.resolve("ref-mask.png").toString(),
                "--out", results.toString(), photos.toString());
        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);

        try (Stream<Path> files = Files.list(results)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).containsExactly("b-present.cutout.png", "b-present.mask.png", "b-present.rle.json", "summary.json");
        }
        BinaryMask mask = MaskImages.read(results.resolve("b-present.mask.png"), ImageLimits.DEFAULT);
        double iou = mask.iou(present.disc());
        System.out.printf("find: IoU of b-present.mask.png against the ground truth = %.4f%n", iou);
        assertThat(iou).isGreaterThanOrEqualTo(0.85);
        CocoRle rle = CocoRle.fromJson(Files.readString(results.resolve("b-present.rle.json")));
        assertThat(rle.height()).isEqualTo(420);
        assertThat(rle.width()).isEqualTo(600);
        assertThat(rle.decode()).isEqualTo(mask);
        assertThat(Files.readString(results.resolve("b-present.rle.json"))).startsWith("{\"size\":[420,600],\"counts\":[");
        // The cut-out is RGBA: its alpha is the mask.
        assertThat(ImageDecoder.probe(results.resolve("b-present.cutout.png")).width()).isEqualTo(600);
        assertThat(MaskImages.read(results.resolve("b-present.cutout.png"), ImageLimits.DEFAULT)).isEqualTo(mask);

        JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        JsonNode images = summary.path("images");
        assertThat(images).hasSize(3);
        // Sorted by name, the broken file included.
        assertThat(images.get(0).path("file").asText()).endsWith("a-broken.jpg");
        assertThat(images.get(0).path("found").asBoolean()).isFalse();
        assertThat(images.get(0).path("error").asText()).isNotBlank();
        JsonNode found = images.get(1);
        assertThat(found.path("file").asText()).endsWith("b-present.png");
        assertThat(found.path("found").asBoolean()).isTrue();
        assertThat(found.path("score").asDouble()).isGreaterThanOrEqualTo(summary.path("presenceThreshold").asDouble());
        assertThat(found.path("box").path("x1").asInt()).isGreaterThan(found.path("box").path("x0").asInt());
        assertThat(found.path("instances")).hasSize(1);
        assertThat(found.path("timings").path("totalMillis").isNumber()).isTrue();
        assertThat(found.path("outputs").path("mask").asText()).isEqualTo("b-present.mask.png");
        JsonNode notFound = images.get(2);
        assertThat(notFound.path("file").asText()).endsWith("c-absent.png");
        assertThat(notFound.path("found").asBoolean()).isFalse();
        assertThat(notFound.has("error")).isFalse();
        assertThat(notFound.path("box").isNull()).isTrue();
        assertThat(notFound.path("score").asDouble()).isLessThan(summary.path("presenceThreshold").asDouble());
        assertThat(summary.path("found").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isEqualTo(1);

        String table = out.toString();
        assertThat(table).containsPattern("(?m)^image\\s+found\\s+score\\s+ms$");
        assertThat(table).containsPattern("(?m)^\\S*b-present\\.png\\s+yes\\s+0\\.\\d{3}\\s+\\d+$");
        assertThat(table).containsPattern("(?m)^\\S*c-absent\\.png\\s+no\\s+0\\.\\d{3}\\s+\\d+$");
        assertThat(table).containsPattern("(?m)^\\S*a-broken\\.jpg\\s+error\\s+-");
        assertThat(err.toString()).contains("a-broken.jpg");
    }

    @Test
    void findWithABadReferenceMaskFailsWithTheSizes() throws Exception {
        Path work = TestData.newTempDir("findling-find-");
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        Files.write(work.resolve("ref.png"), ConceptScenes.png(ref));
        Files.write(work.resolve("small-mask.png"), ConceptScenes.discMaskPng(SyntheticScenes.standardScene(320, 240, 1)));
        Files.write(work.resolve("x.png"), ConceptScenes.png(ref));
        int exit = run("find", "--ref", work.resolve("ref.png").toString(), "--mask", work.resolve("small-mask.png").toString(),
                "--out", work.resolve("out").toString(), work.resolve("x.png").toString());
        assertThat(exit).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString()).contains("mask is 320×240 but the image is 640×480");
    }

    @Test
    void evalPersegPrintsPerConceptIouAndTheMeans() throws Exception {
        Path perseg = TestData.repoRoot().resolve("../shared/data/perseg-examples").normalize();
        assumeTrue(Files.isDirectory(perseg), "../shared/data/perseg-examples is absent beside the repository: "
                + "skipping the eval-perseg check");
        Path report = TestData.newTempDir("findling-eval-").resolve("perseg.json");
        int exit = run("eval-perseg", perseg.toString(), "--out", report.toString());
        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);
        String table = out.toString();
        System.out.print(table);
        assertThat(table).containsPattern("(?m)^concept\\s+tests\\s+IoU\\s+bIoU\\s+IoU \\(F\\)\\s+bIoU \\(F\\)");
        assertThat(table).containsPattern("(?m)^cat\\s+2\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d");
        assertThat(table).containsPattern("(?m)^duck_toy\\s+2\\s+");
        assertThat(table).containsPattern("(?m)^mean\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.path("concepts")).hasSize(2);
        double mIoU = json.path("mIoU").asDouble();
        assertThat(mIoU).isBetween(0.0, 1.0);
        assertThat(json.path("mIoUF").asDouble()).isBetween(0.0, 1.0);
        double mean = (json.path("concepts").get(0).path("persam").path("iou").asDouble()
                + json.path("concepts").get(1).path("persam").path("iou").asDouble()) / 2;
        assertThat(mIoU).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    }
}
