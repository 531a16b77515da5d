package dev.findling.personalize.cleaning;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One input of a training set.
 *
 * @param file what the manifest calls it: the path relative to the input folder or archive, '/'-separated
 * @param path where its bytes are
 */
public record TrainingImage(String file, Path path) {
    public TrainingImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
    }

    /** The last path element of {@link #file()}: the name the outputs keep. */
    public String fileName() {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }
}
