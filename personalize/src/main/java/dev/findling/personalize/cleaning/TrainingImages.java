package dev.findling.personalize.cleaning;

import dev.findling.models.image.ImageFormats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Finds the images of a training set in a folder or a zip archive. Image files are recognised by
 * extension ({@link ImageFormats#EXTENSIONS}); captions and other files beside them are not inputs. Hidden
 * files and macOS resource forks ({@code __MACOSX/}, {@code ._x.jpg}) are skipped.
 *
 * <p>Archives are untrusted: {@link #extractZip} rejects the whole archive when an entry would land
 * outside the target folder, when it has more entries than allowed, or when the bytes actually
 * inflated (not the sizes the archive declares) exceed the cap.
 */
public final class TrainingImages {
    private TrainingImages() {
    }

    /** The image files in {@code dir} (and below it when {@code recursive}), sorted by relative path. */
    public static List<TrainingImage> fromFolder(Path dir, boolean recursive) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a folder: " + dir);
        }
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !hiddenBelow(dir, p))
                    .filter(p -> isImageName(p.getFileName().toString()))
                    .map(p -> new TrainingImage(relative(dir, p), p))
                    .sorted(Comparator.comparing(TrainingImage::file))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether a file name has one of the image extensions (case-insensitive) and is not hidden. */
    public static boolean isImageName(String name) {
        return ImageFormats.isVisibleImage(name);
    }

    /** Whether the bytes start like a zip archive (local file header or an empty archive). */
    public static boolean looksLikeZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K'
                    && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Extracts every regular file of the archive under {@code targetDir} (created when missing) and
     * returns its images, {@code file} being the entry's path inside the archive. Entry names are
     * read as UTF-8 and, when that fails for an entry that does not declare UTF-8 (general purpose
     * bit 11 of the ZIP format), as the archive's legacy code page IBM437 — what zip tools do.
     *
     * @throws UnsafeArchiveException when an entry escapes {@code targetDir} or a limit is exceeded;
     *                                files already written for this archive are deleted again
     * @throws IllegalArgumentException when the file is not a readable zip archive: not a zip, cut
     *                                  short, or holding a file and a folder of the same name
     */
    public static List<TrainingImage> extractZip(Path zip, Path targetDir, ArchiveLimits limits) {
        try {
            return extractZip(zip, targetDir, limits, StandardCharsets.UTF_8);
        } catch (UndecodableNameException e) {
            return extractZip(zip, targetDir, limits, LEGACY_ZIP_NAMES);
        }
    }

    /** The code page of ZIP entry names that do not declare UTF-8 (ZIP APPNOTE, appendix D). */
    private static final Charset LEGACY_ZIP_NAMES = Charset.forName("IBM437");

    /** An entry name that is not valid in the charset tried. */
    private static final class UndecodableNameException extends RuntimeException {
        UndecodableNameException(Throwable cause) {
            super(cause);
        }
    }

    private static List<TrainingImage> extractZip(Path zip, Path targetDir, ArchiveLimits limits, Charset names) {
        Path root = targetDir.toAbsolutePath().normalize();
        List<Path> written = new ArrayList<>();
        List<TrainingImage> images = new ArrayList<>();
        try {
            Files.createDirectories(root);
            long total = 0;
            int entries = 0;
            byte[] buffer = new byte[64 * 1024];
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), names)) {
                for (ZipEntry entry; (entry = nextEntry(in)) != null; ) {
                    String name = entry.getName().replace('\\', '/');
                    Path target = root.resolve(name).normalize();
                    // Checked for every entry, directories included: one hostile name rejects the archive.
                    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || !target.startsWith(root) || target.equals(root)
                            && !entry.isDirectory()) {
                        throw new UnsafeArchiveException("archive entry '" + entry.getName()
                                + "' would be written outside the extraction folder; the archive was rejected");
                    }
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (++entries > limits.maxEntries()) {
                        throw new UnsafeArchiveException("the archive has more than " + limits.maxEntries() + " files");
                    }
                    String relative = root.relativize(target).toString().replace('\\', '/');
                    if (isSkipped(relative)) {
                        continue;
                    }
                    createFolders(root, target.getParent(), zip, entry);
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw sameNameConflict(zip, entry);
                    }
                    written.add(target);
                    try (OutputStream out = Files.newOutputStream(target)) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            total += n;
                            if (total > limits.maxUncompressedBytes()) {
                                throw new UnsafeArchiveException("the archive expands to more than "
                                        + limits.maxUncompressedBytes() + " bytes");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    if (isImageName(target.getFileName().toString())) {
                        images.add(new TrainingImage(relative, target));
                    }
                }
            }
            if (entries == 0 && !looksLikeZip(zip)) {
                throw new IllegalArgumentException(zip.getFileName() + " is not a zip archive");
            }
        } catch (IllegalArgumentException | UndecodableNameException e) {
            deleteAll(written);
            throw e;
        } catch (ZipException e) {
            deleteAll(written);
            throw new IllegalArgumentException(zip.getFileName() + " is not a readable zip archive: " + e.getMessage(), e);
        } catch (EOFException e) {
            deleteAll(written);
            throw new IllegalArgumentException(zip.getFileName() + " is cut short (the archive ends inside an entry); "
                    + "upload the complete file", e);
        } catch (IOException e) {
            deleteAll(written);
            throw new UncheckedIOException("cannot extract " + zip + ": " + e.getMessage(), e);
        }
        images.sort(Comparator.comparing(TrainingImage::file));
        return images;
    }

    private static ZipEntry nextEntry(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IllegalArgumentException e) {
            // ZipInputStream reports a name that is not valid in its charset this way ("malformed input off : 3").
            throw new UndecodableNameException(e);
        }
    }

    /**
     * The entry's folders below {@code root}. A path element that is already a file — an earlier entry of that name,
     * e.g. a symbolic link stored as an entry {@code d} followed by {@code d/x.jpg} — makes the archive unusable.
     */
    private static void createFolders(Path root, Path folder, Path zip, ZipEntry entry) throws IOException {
        Path current = root;
        for (Path element : root.relativize(folder)) {
            current = current.resolve(element.toString());
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw sameNameConflict(zip, entry);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            }
        }
    }

    private static IllegalArgumentException sameNameConflict(Path zip, ZipEntry entry) {
        return new IllegalArgumentException(zip.getFileName() + " holds a file and a folder of the same name (at entry '"
                + entry.getName() + "'), e.g. a symbolic link stored beside files inside it; such an archive cannot be "
                + "extracted. Zip the folder again without links.");
    }

    private static boolean isSkipped(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hiddenBelow(Path dir, Path p) {
        return isSkipped(relative(dir, p));
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static void deleteAll(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the caller's scratch folder is deleted as a whole anyway
            }
        }
    }
}
