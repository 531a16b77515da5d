package dev.findling.index.scan;

import dev.findling.models.image.ImageFormats;
import dev.findling.index.FileFailure;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Recursive scan of a library root. Links are followed only while their real target stays inside
 * the root; anything unreadable is reported and skipped, never fatal. Hidden entries (".name") are
 * skipped, which also keeps the library's own data out if it lives inside a root.
 */
public final class LibraryScanner {
    private LibraryScanner() {
    }

    public static ScanResult scan(String rootId, Path rootRealPath) throws IOException {
        if (!Files.isDirectory(rootRealPath)) {
            throw new IOException("library root " + rootRealPath + " is not a readable folder");
        }
        List<ScannedFile> files = new ArrayList<>();
        List<FileFailure> problems = new ArrayList<>();
        Files.walkFileTree(rootRealPath, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(rootRealPath)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (dir.getFileName().toString().startsWith(".")) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        String outside = leavesRoot(dir);
                        if (outside != null) {
                            problems.add(new FileFailure(rootId, RootPaths.toRelative(rootRealPath, dir), outside));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (name.startsWith(".") || !attrs.isRegularFile() || !ImageFormats.hasImageExtension(name)) {
                            return FileVisitResult.CONTINUE;
                        }
                        String relative = RootPaths.toRelative(rootRealPath, file);
                        String outside = leavesRoot(file);
                        if (outside != null) {
                            problems.add(new FileFailure(rootId, relative, outside));
                        } else if (!Files.isReadable(file)) {
                            problems.add(new FileFailure(rootId, relative, "the file is not readable (permissions)"));
                        } else {
                            files.add(new ScannedFile(relative, file, attrs.size(), attrs.lastModifiedTime().toMillis()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        String relative = RootPaths.toRelative(rootRealPath, file);
                        String why = e instanceof FileSystemLoopException
                                ? "a link loops back to one of its parent folders"
                                : "cannot be read: " + describe(e);
                        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                            why = "a link whose target does not exist";
                        }
                        if (ImageFormats.hasImageExtension(file.getFileName().toString()) || Files.isDirectory(file)
                                || e instanceof FileSystemLoopException) {
                            problems.add(new FileFailure(rootId, relative, why));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    /** A folder whose listing failed part-way (e.g. /proc/1/map_files): reported, the scan goes on. */
                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            IOException cause = e.getCause() instanceof IOException io ? io : e;
                            problems.add(new FileFailure(rootId, RootPaths.toRelative(rootRealPath, dir),
                                    "the folder cannot be listed: " + describe(cause) + "; skipped"));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    private String leavesRoot(Path p) {
                        try {
                            Path real = p.toRealPath();
                            // The target is not named: failures are shown to API clients, and it lies outside the root.
                            return real.startsWith(rootRealPath) ? null
                                    : "a link leading outside the library root; not followed";
                        } catch (IOException e) {
                            return "cannot resolve: " + describe(e);
                        }
                    }
                });
        files.sort(Comparator.comparing(ScannedFile::relativePath));
        return new ScanResult(files, problems);
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + " (" + e.getMessage() + ")";
    }
}
