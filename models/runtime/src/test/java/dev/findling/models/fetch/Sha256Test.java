package dev.findling.models.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sha256Test {
    @Test
    void matchesTheFipsTestVectors() {
        // FIPS 180-2, appendix B.1, and the empty message.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(new byte[0]));
    }

    @Test
    void streamedFileHashEqualsInMemoryHash(@TempDir Path dir) throws Exception {
        byte[] data = new byte[3 * (1 << 20) + 17]; // spans several buffers
        new Random(1).nextBytes(data);
        Path file = dir.resolve("blob.bin");
        Files.write(file, data);
        assertEquals(Sha256.of(data), Sha256.of(file));
    }

    @Test
    void validatesHexForm() {
        assertTrue(Sha256.isValid(Sha256.of(new byte[0])));
        assertFalse(Sha256.isValid("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
        assertFalse(Sha256.isValid("abc"));
    }
}
