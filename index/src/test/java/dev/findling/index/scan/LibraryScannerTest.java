package dev.findling.index.scan;

import dev.findling.index.FileFailure;
import dev.findling.index.PathOutsideRootException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryScannerTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("photos")).toRealPath();
    }

    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1, 2, 3});
    }

    @Test
    void findsSupportedFilesInNestedFoldersAndIgnoresOthers() throws IOException {
        Path root = root();
        touch(root.resolve("a.jpg"));
        touch(root.resolve("2024/summer/B.JPEG"));
        touch(root.resolve("2024/c.png"));
        touch(root.resolve("2024/deep/er/d.webp"));
        touch(root.resolve("e.bmp"));
        touch(root.resolve("f.gif"));
        touch(root.resolve("notes.txt"));
        touch(root.resolve("raw.cr2"));
        touch(root.resolve("noext"));
        touch(root.resolve(".hidden/x.jpg"));
        touch(root.resolve(".y.jpg"));
        Files.createDirectories(root.resolve("folder.jpg")); // a folder with an image-like name is not a file

        ScanResult result = LibraryScanner.scan("photos", root);

        assertEquals(List.of("2024/c.png", "2024/deep/er/d.webp", "2024/summer/B.JPEG", "a.jpg", "e.bmp", "f.gif"),
                result.files().stream().map(ScannedFile::relativePath).toList());
        assertTrue(result.problems().isEmpty(), result.problems().toString());
        assertEquals(3, result.files().get(0).sizeBytes());
    }

    @Test
    void linkLeadingOutsideTheRootIsNotFollowedAndIsReported() throws IOException {
        Path root = root();
        Path outside = Files.createDirectories(tmp.resolve("secret"));
        touch(outside.resolve("private.jpg"));
        touch(root.resolve("inside.jpg"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("escape.jpg"), outside.resolve("private.jpg"));

        ScanResult result = LibraryScanner.scan("photos", root);

        assertEquals(List.of("inside.jpg"), result.files().stream().map(ScannedFile::relativePath).toList());
        List<String> reported = result.problems().stream().map(FileFailure::relativePath).sorted().toList();
        assertEquals(List.of("escape", "escape.jpg"), reported);
        assertTrue(result.problems().get(0).reason().contains("outside"), result.problems().get(0).reason());
        for (FileFailure f : result.problems()) {
            assertTrue(!f.reason().contains(outside.toString()), "where a link leads is not told: " + f.reason());
        }
        PathOutsideRootException e = assertThrows(PathOutsideRootException.class,
                () -> RootPaths.resolveInside("photos", root, "escape.jpg"));
        assertTrue(!e.getMessage().contains(outside.toString()) && e.getMessage().contains("leads outside the root"),
                e.getMessage());
    }

    @Test
    void aFolderThatCannotBeListedIsReportedAndTheScanGoesOn() throws IOException {
        // /proc/1/map_files refuses its listing even to root (the "root of /" case); skip where it does not.
        Path procOne = Path.of("/proc/1");
        boolean refused;
        try (var listing = Files.newDirectoryStream(procOne.resolve("map_files"))) {
            listing.forEach(p -> { });
            refused = false;
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            refused = true;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(refused, "needs a Linux /proc whose /proc/1/map_files cannot be listed");

        ScanResult result = LibraryScanner.scan("proc", procOne.toRealPath());

        assertTrue(result.problems().stream().anyMatch(p -> p.relativePath().equals("map_files")
                && p.reason().contains("cannot be listed")), result.problems().toString());
    }

    @Test
    void linkInsideTheRootIsFollowedAndLoopsAreReported() throws IOException {
        Path root = root();
        touch(root.resolve("real/cat.jpg"));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("real/loop"), root);

        ScanResult result = LibraryScanner.scan("photos", root);

        assertEquals(List.of("alias/cat.jpg", "real/cat.jpg"),
                result.files().stream().map(ScannedFile::relativePath).toList());
        assertTrue(result.problems().stream().anyMatch(p -> p.reason().contains("loop")), result.problems().toString());
    }

    @Test
    void pathsThatEscapeTheRootAreRejected() throws IOException {
        Path root = root();
        touch(root.resolve("ok/a.jpg"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        touch(outside.resolve("x.jpg"));
        Files.createSymbolicLink(root.resolve("link.jpg"), outside.resolve("x.jpg"));

        assertEquals(root.resolve("ok/a.jpg"), RootPaths.resolveInside("photos", root, "ok/a.jpg"));
        assertEquals(root.resolve("ok/a.jpg"), RootPaths.resolveInside("photos", root, "ok/./b/../a.jpg"));
        for (String bad : List.of("../outside/x.jpg", "ok/../../outside/x.jpg", "/etc/passwd", "..", "", ".",
                "C:/Windows/win.ini", "ok\\..\\..\\outside\\x.jpg", "link.jpg")) {
            PathOutsideRootException e = assertThrows(PathOutsideRootException.class,
                    () -> RootPaths.resolveInside("photos", root, bad), bad);
            assertEquals("photos", e.rootId());
        }
    }
}
