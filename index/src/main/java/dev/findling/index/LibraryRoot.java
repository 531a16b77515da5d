package dev.findling.index;

import java.nio.file.Path;

/**
 * A folder of photos in the library.
 *
 * @param id   short stable id used in image ids and URLs (derived from the folder name)
 * @param path the folder's real path (symbolic links resolved), absolute
 */
public record LibraryRoot(String id, Path path) {
}
