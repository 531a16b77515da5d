package dev.findling.app.library;

import dev.findling.app.cli.FindlingCli;
import dev.findling.app.command.ExitCode;
import dev.findling.app.TestData;
import dev.findling.app.command.ExitCode;
import dev.findling.index.PackMismatchException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code findling index} and {@code findling reindex} run in-process, as a user runs them. */
class IndexCommandTest {
    private final Path data = TestData.newTempDir("findling-index-cli-");
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--data-dir", data.toString(),
                "--pack-dir", LibraryTestSupport.sharedPackDir().toString()));
        all.addAll(List.of(args));
        return new FindlingCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(all.toArray(String[]::new))
                .exitCode();
    }

    @Test
    void indexAddsTheFolderIngestsItAndSummarises() throws Exception {
        Path album = TestData.newTempDir("findling-index-album-").resolve("trip");
        DemoAlbum.write(album, 4, 3L);
        Files.write(album.resolve("broken.png"), new byte[]{1, 2, 3});

        assertThat(run("index", album.toString())).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(err.toString()).contains("added and indexing root 'trip'");
        assertThat(out.toString()).contains("root trip: completed").contains("5 files, 4 processed, 0 unchanged, 0 removed, 1 skipped")
                .contains("skipped broken.png:");
        assertThat(data.resolve("library/index")).isDirectory();

        // Again: the root is known, nothing changed.
        assertThat(run("index", album.toString())).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(err.toString()).contains("indexing root 'trip'").doesNotContain("added");
        assertThat(out.toString()).contains("0 processed, 5 unchanged");

        // --mode all re-processes every file (embeddings come from the cache).
        assertThat(run("index", "--mode", "all", album.toString())).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("4 processed");

        assertThat(run("reindex")).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("root trip: completed").contains("4 processed");
    }

    @Test
    void findWithLibraryWritesFilesForTheFoundPhotosOnly() throws Exception {
        Path work = TestData.newTempDir("findling-find-library-");
        Path album = work.resolve("shelf");
        List<DemoAlbum.Photo> photos = DemoAlbum.write(album, 6, 5L);
        Path ref = work.resolve("ref.png");
        Path mask = work.resolve("ref-mask.png");
        Files.write(ref, dev.findling.models.image.PngWriter.rgb(photos.get(0).image()));
        Files.write(mask, dev.findling.models.image.MaskImages.toPng(photos.get(0).objectMask()));
        Path out = work.resolve("out");

        assertThat(run("find", "--ref", ref.toString(), "--mask", mask.toString(), "--library", album.toString(),
                "--limit", "10", "--out", out.toString())).as(err.toString()).isEqualTo(ExitCode.OK);

        java.util.Set<String> expected = new java.util.TreeSet<>();
        photos.stream().filter(DemoAlbum.Photo::containsObject)
                .forEach(p -> expected.add(p.fileName().replace(".png", ".mask.png")));
        java.util.Set<String> masks = new java.util.TreeSet<>();
        try (var files = Files.list(out)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".mask.png")).forEach(masks::add);
        }
        assertThat(masks).isEqualTo(expected);
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("found").asInt()).isEqualTo(expected.size());
        assertThat(summary.path("library").path("root").asText()).isEqualTo("shelf");
        assertThat(out.toString()).isNotBlank();
        assertThat(this.out.toString()).contains("demo-01.png");
    }

    @Test
    void theMismatchMessageNamesTheReindexCommand() {
        assertThat(PackMismatchException.REINDEX_COMMAND).isEqualTo("findling reindex");
        assertThat(new FindlingCli(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .commandLine().getSubcommands()).containsKeys("index", "reindex");
    }

    @Test
    void aMissingFolderIsAUsageError() {
        assertThat(run("index", data.resolve("nope").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("is not a folder");
    }

    @Test
    void theDataDirIsNoRootInsideOrAround() throws Exception {
        Files.createDirectories(data.resolve("library"));
        assertThat(run("index", data.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("is inside Findling's data folder");
        assertThat(run("index", data.resolve("library").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("is inside Findling's data folder");
        assertThat(run("index", data.getParent().toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("contains Findling's data folder");
        assertThat(data.resolve("library/roots.json")).doesNotExist();
    }
}
