package dev.findling.app.samfamily;

import dev.findling.app.command.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.CliResults;
import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import dev.findling.app.library.DemoAlbum;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.pack.importing.PackImporter;
import dev.findling.models.testing.SamFamilyPacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code index}, {@code find} (PerSAM and PerSAM-F), {@code find --library} and {@code clean-dataset} on packs imported
 * from the SAM-family fixtures (EfficientSAM ViT-T, EdgeSAM; random weights), as a user would: the two published
 * files in a folder, {@code models import}, then the commands. What is found means nothing; the tests check that
 * every command runs through each family's graphs and writes consistent outputs. Two photos (the demo album's least) keep the encoder runs
 * (seconds each for EfficientSAM on a 2-core CPU) to a handful.
 */
class SamFamilyCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static Path importedPack(String family) throws Exception {
        Path shared = SamFamilyPacks.familyDir().resolve(family);
        Path folder = Files.createDirectories(TestData.newTempDir("findling-" + family + "-").resolve("pack"));
        try (var files = Files.list(shared)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".onnx")).toList()) {
                Files.createSymbolicLink(folder.resolve(f.getFileName()), f);
            }
        }
        PackImporter.Report report = PackImporter.importFolder(folder, new PackImporter.Options(family + "-fixtures", family, false));
        assertThat(report.ok()).as(report.toText()).isTrue();
        return folder;
    }

    private int run(Path data, Path pack, String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", data.toString(), "--pack-dir", pack.toString()));
        all.addAll(List.of(args));
        return new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(all.toArray(String[]::new)).exitCode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"efficientsam", "edgesam"})
    void indexFindAndCleanRunOnEveryFamily(String family) throws Exception {
        Path pack = importedPack(family);
        Path work = TestData.newTempDir("findling-" + family + "-work-");
        Path data = work.resolve("data");
        List<DemoAlbum.Photo> photos = DemoAlbum.write(work.resolve("album"), 2, 17L);
        Path ref = Files.write(work.resolve("ref.png"), PngWriter.rgb(photos.get(0).image()));
        Path mask = Files.write(work.resolve("ref-mask.png"), MaskImages.toPng(photos.get(0).objectMask()));
        String album = work.resolve("album").toString();

        assertThat(run(data, pack, "index", album)).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("root album: completed", photos.size() + " processed");

        for (boolean fineTune : new boolean[]{false, true}) {
            Path results = work.resolve(fineTune ? "find-f" : "find");
            List<String> args = new ArrayList<>(List.of("find", "--ref", ref.toString(), "--mask", mask.toString(),
                    "--library", album, "--out", results.toString()));
            if (fineTune) {
                args.add("--fine-tune");
            }
            assertThat(run(data, pack, args.toArray(String[]::new))).as(err.toString()).isEqualTo(ExitCode.OK);
            JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
            assertThat(summary.path("packId").asText()).isEqualTo(family + "-fixtures");
            assertThat(summary.path("fineTuned").asBoolean()).isEqualTo(fineTune);
            assertThat(summary.path("library").path("images").asInt()).isEqualTo(photos.size());
            for (JsonNode image : summary.path("images")) {
                assertThat(image.has("error")).as(image.toString()).isFalse();
                // PerSAM's first pass runs guided on the decoder derived from the family's (docs/sam-family.md);
                // PerSAM-F runs without guidance, as the authors' does.
                assertThat(image.path("guidanceApplied").asBoolean()).as(image.toString()).isEqualTo(!fineTune);
                assertThat(Files.exists(results.resolve(CliResults.stem(image.path("file").asText()) + ".mask.png")))
                        .as(image.toString()).isTrue();
            }
        }

        Path clean = work.resolve("clean");
        assertThat(run(data, pack, "clean-dataset", "--ref", ref.toString(), "--mask", mask.toString(), "--in", album,
                "--out", clean.toString(), "--allow-several")).as(err.toString()).isEqualTo(ExitCode.OK);
        CliResults.assertCleanedDataset(clean, photos.size());
    }
}
