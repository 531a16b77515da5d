package dev.findling.app.realarch;

import dev.findling.app.command.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.CliResults;
import dev.findling.app.TestData;
import dev.findling.app.cli.FindlingCli;
import dev.findling.app.library.DemoAlbum;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.mask.BinaryMask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code find}, {@code find --library}, {@code index} and {@code clean-dataset} on the real architectures
 * ({@link RealArchPack}). The weights are random, so what is found means nothing: the tests check that every
 * command runs through the real graphs and writes consistent outputs (sizes, files for what it reports found).
 */
class RealArchCliTest {
    private static Path pack;
    private static Path work;
    private static List<DemoAlbum.Photo> photos;
    private static Path ref;
    private static Path mask;

    private final Path data = TestData.newTempDir("findling-real-arch-cli-");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void fixtures() throws Exception {
        pack = RealArchPack.dir();
        work = TestData.newTempDir("findling-real-arch-work-");
        photos = DemoAlbum.write(work.resolve("album"), 3, 11L);
        ref = Files.write(work.resolve("ref.png"), PngWriter.rgb(photos.get(0).image()));
        mask = Files.write(work.resolve("ref-mask.png"), MaskImages.toPng(photos.get(0).objectMask()));
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", data.toString(), "--pack-dir", pack.toString()));
        all.addAll(List.of(args));
        return new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(all.toArray(String[]::new))
                .exitCode();
    }

    /** PerSAM-F here; plain PerSAM runs in {@link RealArchServerTest} and in {@code find --library} below. */
    @Test
    void findWithFineTuningWritesAMaskForEveryPhotoItReportsFound() throws Exception {
        Path results = work.resolve("find");
        assertThat(run("find", "--ref", ref.toString(), "--mask", mask.toString(), "--fine-tune", "--out",
                results.toString(), work.resolve("album").toString())).as(err.toString()).isEqualTo(ExitCode.OK);
        JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(summary.path("packId").asText()).isEqualTo(RealArchPack.ID);
        assertThat(summary.path("fineTuned").asBoolean()).isTrue();
        assertThat(summary.path("images")).hasSize(photos.size());
        assertFoundOnesHaveMasks(summary, results);
    }

    @Test
    void indexThenFindInTheLibrary() throws Exception {
        assertThat(run("index", work.resolve("album").toString())).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("root album: completed", photos.size() + " processed");

        Path results = work.resolve("find-library");
        assertThat(run("find", "--ref", ref.toString(), "--mask", mask.toString(), "--library", work.resolve("album").toString(),
                "--out", results.toString())).as(err.toString()).isEqualTo(ExitCode.OK);
        JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(summary.path("library").path("root").asText()).isEqualTo("album");
        assertThat(summary.path("library").path("images").asInt()).isEqualTo(photos.size());
        assertThat(summary.path("found").asInt()).isEqualTo(summary.path("images").size());
        for (JsonNode image : summary.path("images")) {
            assertThat(image.has("error")).as(image.toString()).isFalse();
        }
        assertFoundOnesHaveMasks(summary, results);
    }

    @Test
    void cleanDatasetSortsEveryImageAndWritesMasksForTheKeptOnes() throws Exception {
        Path clean = work.resolve("clean");
        assertThat(run("clean-dataset", "--ref", ref.toString(), "--mask", mask.toString(), "--in",
                work.resolve("album").toString(), "--out", clean.toString(), "--allow-several"))
                .as(err.toString()).isEqualTo(ExitCode.OK);
        CliResults.assertCleanedDataset(clean, photos.size());
    }

    /** Every photo the summary reports found has a mask file of the photo's size; none other has one. */
    private static void assertFoundOnesHaveMasks(JsonNode summary, Path results) throws Exception {
        for (JsonNode image : summary.path("images")) {
            String stem = CliResults.stem(image.path("file").asText());
            Path maskFile = results.resolve(stem + ".mask.png");
            // find lists every photo with "found"; find --library lists the found ones only.
            boolean found = image.path("found").asBoolean(true);
            assertThat(Files.exists(maskFile)).as(image.toString()).isEqualTo(found);
            if (Files.exists(maskFile)) {
                BinaryMask m = MaskImages.read(maskFile, ImageLimits.DEFAULT);
                assertThat(m.width()).isEqualTo(DemoAlbum.WIDTH);
                assertThat(ImageDecoder.probe(results.resolve(stem + ".cutout.png")).width()).isEqualTo(DemoAlbum.WIDTH);
            }
        }
    }
}
