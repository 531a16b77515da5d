package dev.findling.index.cache;

import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.geometry.ResizeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingCacheTest {
    @TempDir
    Path dir;

    static ImageEmbedding embedding(long seed, String pack) {
        Random r = new Random(seed);
        float[] f = new float[256 * 64 * 64];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextGaussian() * 0.3);
        }
        return new ImageEmbedding(pack, 256, 64, 64, f, ResizeGeometry.of(480, 640, 1024));
    }

    static String sha(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[31] = (byte) (n >> 8);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void roundTripKeepsGeometryAndValuesWithinFp16Error() {
        EmbeddingCache cache = EmbeddingCache.open(dir, 1L << 30);
        ImageEmbedding e = embedding(1, "pack-a");
        cache.put(sha(1), e);

        ImageEmbedding back = EmbeddingCache.open(dir, 1L << 30).get(sha(1), "pack-a").orElseThrow();

        assertEquals(e.geometry(), back.geometry());
        assertEquals("pack-a", back.packId());
        assertEquals(256, back.channels());
        float[] a = e.copyFeatures();
        float[] b = back.copyFeatures();
        for (int i = 0; i < a.length; i++) {
            // fp16 keeps 11 significant bits: relative error ≤ 2^-11 for normal values.
            assertTrue(Math.abs(a[i] - b[i]) <= Math.abs(a[i]) * 0x1p-11f + 0x1p-24f, "value " + i);
        }
        // About half the bytes of fp32.
        assertTrue(cache.stats().totalBytes() < 256L * 64 * 64 * 2 + 200);
    }

    @Test
    void keysIncludeThePack() {
        EmbeddingCache cache = EmbeddingCache.open(dir, 1L << 30);
        cache.put(sha(1), embedding(1, "pack-a"));
        assertTrue(cache.get(sha(1), "pack-b").isEmpty());
        assertTrue(cache.get(sha(1), "pack-a").isPresent());
    }

    @Test
    void evictsLeastRecentlyUsedEntriesOverTheBudget() {
        long entryBytes;
        {
            EmbeddingCache probe = EmbeddingCache.open(dir.resolve("probe"), 1L << 30);
            probe.put(sha(99), embedding(99, "p"));
            entryBytes = probe.stats().totalBytes();
        }
        EmbeddingCache cache = EmbeddingCache.open(dir.resolve("lru"), 3 * entryBytes + entryBytes / 2);
        cache.put(sha(1), embedding(1, "p"));
        cache.put(sha(2), embedding(2, "p"));
        cache.put(sha(3), embedding(3, "p"));
        assertTrue(cache.get(sha(1), "p").isPresent()); // 1 is now the most recently used
        cache.put(sha(4), embedding(4, "p"));            // evicts 2, the least recently used

        assertTrue(cache.contains(sha(1), "p"));
        assertFalse(cache.contains(sha(2), "p"));
        assertTrue(cache.contains(sha(3), "p"));
        assertTrue(cache.contains(sha(4), "p"));
        assertEquals(1, cache.stats().evictions());
        assertTrue(cache.stats().totalBytes() <= 3 * entryBytes + entryBytes / 2);
        assertFalse(Files.exists(cache.fileFor(sha(2), "p")));

        // The access order survives a restart (it is the files' mtime).
        EmbeddingCache reopened = EmbeddingCache.open(dir.resolve("lru"), 3 * entryBytes + entryBytes / 2);
        reopened.put(sha(5), embedding(5, "p"));          // evicts 3: 1 was touched after 3
        assertTrue(reopened.contains(sha(1), "p"));
        assertFalse(reopened.contains(sha(3), "p"));
    }

    @Test
    void corruptEntryIsDetectedDeletedAndReportedAsMiss() throws IOException {
        EmbeddingCache cache = EmbeddingCache.open(dir, 1L << 30);
        cache.put(sha(1), embedding(1, "p"));
        Path file = cache.fileFor(sha(1), "p");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40; // one flipped bit in the payload
        Files.write(file, bytes);

        Optional<ImageEmbedding> got = cache.get(sha(1), "p");

        assertTrue(got.isEmpty());
        assertFalse(Files.exists(file));
        assertEquals(1, cache.stats().corruptEntries());
        cache.put(sha(1), embedding(1, "p"));
        assertTrue(cache.get(sha(1), "p").isPresent());
    }

    @Test
    void truncatedEntryAndStrayTempFilesAreHandled() throws IOException {
        EmbeddingCache cache = EmbeddingCache.open(dir, 1L << 30);
        cache.put(sha(1), embedding(1, "p"));
        Path file = cache.fileFor(sha(1), "p");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 100));
        Path stray = file.resolveSibling("leftover.f16.123.tmp");
        Files.write(stray, new byte[10]);

        EmbeddingCache reopened = EmbeddingCache.open(dir, 1L << 30);

        assertFalse(Files.exists(stray));
        assertTrue(reopened.get(sha(1), "p").isEmpty());
        assertEquals(0, reopened.stats().entries());
    }
}
