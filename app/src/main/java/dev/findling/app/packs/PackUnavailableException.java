package dev.findling.app.packs;

import java.nio.file.Path;

/** A request needs the model pack but it failed to load; answered with 503 and the load error. */
public class PackUnavailableException extends RuntimeException {
    private final Path directory;

    public PackUnavailableException(Path directory, String error) {
        this(directory, "The model pack in " + directory + " could not be loaded: " + error, true);
    }

    private PackUnavailableException(Path directory, String message, boolean ignored) {
        super(message);
        this.directory = directory;
    }

    /** Work that took a pack before it was switched out asks it for another run after it closed. */
    static PackUnavailableException switched(Path directory) {
        return new PackUnavailableException(directory, "The model pack in " + directory + " was switched for another"
                + " pack while this work was running; run it again", true);
    }

    public Path directory() {
        return directory;
    }
}
