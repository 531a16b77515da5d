package dev.findling.index.scan;

import dev.findling.index.PathOutsideRootException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one place that turns a root-relative path into a file and proves it stays inside the root —
 * lexically (no absolute paths, no "..") and physically (the real path, links resolved, is under
 * the root's real path).
 */
public final class RootPaths {
    private RootPaths() {
    }

    /** A relative path in the library's canonical form: '/'-separated, no leading slash. */
    public static String toRelative(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /**
     * Resolves {@code relative} under {@code rootRealPath}.
     *
     * @throws PathOutsideRootException if the path is absolute, climbs out with "..", or (when it exists)
     *                                  its real path leaves the root through a link
     */
    public static Path resolveInside(String rootId, Path rootRealPath, String relative) {
        if (relative == null || relative.isBlank()) {
            throw new PathOutsideRootException(rootId, String.valueOf(relative), "the path is empty");
        }
        String normalisedSeparators = relative.replace('\\', '/');
        if (normalisedSeparators.startsWith("/") || normalisedSeparators.matches("^[A-Za-z]:.*")) {
            throw new PathOutsideRootException(rootId, relative, "absolute paths are not accepted, give a path relative to the root");
        }
        if (relative.indexOf('\0') >= 0) {
            throw new PathOutsideRootException(rootId, relative, "the path contains a NUL character");
        }
        Path candidate;
        try {
            candidate = rootRealPath.resolve(normalisedSeparators).normalize();
        } catch (InvalidPathException e) {
            throw new PathOutsideRootException(rootId, relative, "not a valid path (" + e.getReason() + ")");
        }
        if (!candidate.startsWith(rootRealPath) || candidate.equals(rootRealPath)) {
            throw new PathOutsideRootException(rootId, relative, "it leaves the root");
        }
        if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (IOException e) {
                // A dangling link: it cannot be read, and it cannot be proven to stay inside either.
                throw new PathOutsideRootException(rootId, relative, "it is a link whose target cannot be resolved");
            }
            if (!real.startsWith(rootRealPath)) {
                // Where it leads is not said: the answer would reveal paths outside the root (/etc/passwd).
                throw new PathOutsideRootException(rootId, relative, "it is a link that leads outside the root");
            }
            return real;
        }
        return candidate;
    }
}
