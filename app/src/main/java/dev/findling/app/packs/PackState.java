package dev.findling.app.packs;

import dev.findling.models.ModelPack;

import java.nio.file.Path;

/** Whether the configured pack opened: either the open pack, or why it did not. */
public sealed interface PackState {

    Path directory();

    /** The pack is open and its sessions are ready. */
    record Loaded(ModelPack pack) implements PackState {
        @Override
        public Path directory() {
            return pack.directory();
        }
    }

    /**
     * The pack could not be opened.
     *
     * @param directory the configured pack folder
     * @param error     one or more sentences naming the file, tensor or setting that is wrong
     */
    record Failed(Path directory, String error) implements PackState {
    }
}
