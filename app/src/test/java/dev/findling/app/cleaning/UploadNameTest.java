package dev.findling.app.cleaning;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadNameTest {
    @Test
    void longMultiByteNamesFitTheFileSystemLimitAndKeepTheirExtension() {
        String name = "写".repeat(200) + ".jpg";   // 604 bytes in UTF-8, over the usual 255-byte limit

        String safe = CleaningService.sanitize(name);

        assertTrue(safe.getBytes(StandardCharsets.UTF_8).length <= 240, safe);
        assertTrue(safe.endsWith(".jpg"), safe);
    }

    @Test
    void pathsAndControlCharactersAreDropped() {
        assertEquals("cat.png", CleaningService.sanitize("../../etc/\u0007cat.png"));
        assertEquals("dog.jpg", CleaningService.sanitize("C:\\photos\\dog.jpg"));
        assertEquals("upload", CleaningService.sanitize(".."));
    }

    @Test
    void anArchiveBesideOtherUploadsIsExtractedIntoItsOwnFolderInsideInput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work)
            throws Exception {
        assertEquals("archive", CleaningService.archiveFolder("...zip"));
        assertEquals("archive", CleaningService.archiveFolder(".zip"));
        assertEquals("set", CleaningService.archiveFolder("set.zip"));

        java.nio.file.Path input = java.nio.file.Files.createDirectories(work.resolve("input"));
        byte[] zip = CleaningScenes.zip(java.util.Map.of("inner.png", CleaningScenes.referencePng()));
        int images = CleaningService.storeUploads(java.util.List.of(CleaningScenes.upload("...zip", zip),
                CleaningScenes.upload("a.png", CleaningScenes.referencePng())), input);

        assertEquals(2, images);
        assertTrue(java.nio.file.Files.isRegularFile(input.resolve("archive/inner.png")));
        assertTrue(java.nio.file.Files.isRegularFile(input.resolve("a.png")));
        assertEquals(java.util.Set.of("input"), names(work), "nothing lands in the work folder itself");
    }

    private static java.util.Set<String> names(java.nio.file.Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
