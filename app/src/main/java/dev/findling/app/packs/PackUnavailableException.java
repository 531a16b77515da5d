package dev.findling.app.packs;

import java.nio.file.Path;

/** A request needs the model pack but it failed to load; answered with 503 and the load error. */
public class PackUnavailableException extends RuntimeException {
    private final Path directory;

    public PackUnavailableException(Path directory, String error) {
        super("The model pack in " + directory + " could not be loaded: " + error);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
