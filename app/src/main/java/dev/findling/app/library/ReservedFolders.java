package dev.findling.app.library;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Folders that must never become (or lie inside) a library root: Findling's own data dir — its index, embedding
 * cache and thumbnails, concept references and cleaning uploads, which an ingestion would otherwise index, each run
 * adding the thumbnails of the last — and the model pack. The one folder of the data dir meant to be a root, the
 * generated demo album, is let through.
 *
 * @param dataDir     {@code findling.data-dir}
 * @param packDir     {@code findling.pack-dir}
 * @param demoAlbum   {@code <data-dir>/demo-album}, allowed although it is inside the data dir
 */
record ReservedFolders(Path dataDir, Path packDir, Path demoAlbum) {

    /**
     * @throws IllegalArgumentException (400) naming the reserved folder when {@code folder} is inside or contains one
     */
    void checkRoot(Path folder) {
        Path candidate = real(folder);
        Path album = real(demoAlbum);
        if (candidate.startsWith(album)) {
            return;
        }
        for (Reserved r : List.of(new Reserved(real(dataDir), "Findling's data folder", "its index, thumbnails, "
                        + "concepts and uploads would be indexed as photos"),
                new Reserved(real(packDir), "the model pack", "its files are models, not photos"))) {
            if (candidate.startsWith(r.path)) {
                throw new IllegalArgumentException("folder " + folder + " is inside " + r.what + " (" + r.path + "): "
                        + r.why + ". Add the folder that holds your photos instead.");
            }
            if (r.path.startsWith(candidate)) {
                throw new IllegalArgumentException("folder " + folder + " contains " + r.what + " (" + r.path + "): "
                        + r.why + ". Add a folder that holds only photos.");
            }
        }
    }

    private record Reserved(Path path, String what, String why) {
    }

    /** The real path when the folder exists (links resolved, as the library stores roots), else the normalized one. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
