package dev.findling.index;

import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.models.testing.SyntheticScenes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small generated photos for library tests: scenes with or without the red disc. */
final class TestImages {
    private TestImages() {
    }

    static RgbImage withDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed)).image();
    }

    static RgbImage withoutDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed).withoutDisc()).image();
    }

    static Path png(Path file, RgbImage image) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, PngWriter.rgb(image));
    }

    static Path jpeg(Path file, RgbImage image) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, Thumbnails.jpeg(image, 0.9f));
    }
}
