package dev.findling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI tests on imported packs (real-arch, SAM-family) check in the files a command wrote. */
public final class CliResults {
    private CliResults() {
    }

    /** A file name without its extension, as the commands name their result files. */
    public static String stem(String fileName) {
        return Path.of(fileName).getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    /** {@code clean-dataset}'s output: a manifest entry for each of the {@code images}, a mask for each kept one only. */
    public static void assertCleanedDataset(Path clean, int images) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(clean.resolve("manifest.json").toFile());
        assertThat(manifest).hasSize(images);
        for (JsonNode item : manifest) {
            assertThat(Files.exists(clean.resolve("masks/" + stem(item.path("outputName").asText()) + ".png")))
                    .as(item.toString()).isEqualTo(item.path("kept").asBoolean());
        }
    }
}
