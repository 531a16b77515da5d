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
}
