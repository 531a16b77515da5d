package dev.findling.index;

import dev.findling.index.store.LibraryBackend;
import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerShareTest {
    @TempDir
    Path tmp;

    @Test
    void parsesWorkerNumberOfCount() {
        assertEquals(new WorkerShare(2, 4), WorkerShare.parse("2/4"));
        assertEquals(new WorkerShare(2, 4), WorkerShare.parse(" 2 / 4 "));
        assertEquals("3/7", WorkerShare.parse("3/7").toString());
        assertTrue(WorkerShare.parse("1/1").isAll());
    }

    @Test
    void refusesWhatIsNotAWorkerOfACount() {
        for (String bad : new String[] {"0/4", "5/4", "1/0", "2", "two/4", "-1/4", "", "1/2/3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerShare.parse(bad), bad);
            assertTrue(e.getMessage().contains("worker"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> WorkerShare.parse(null));
    }

    /** The owner is CRC-32 of the UTF-8 path modulo the count (values from Python's zlib.crc32), so every JVM agrees. */
    @Test
    void theOwnerOfAFileIsTheCrc32OfItsPathModuloTheCount() {
        assertTrue(new WorkerShare(2, 4).includes("photo-00.png"));        // crc32 107325997
        assertTrue(new WorkerShare(3, 4).includes("2024/summer/b.jpg"));   // crc32 3444074834 (above 2^31)
        assertTrue(new WorkerShare(3, 3).includes("été/plage.jpg"));       // crc32 751019801 of the UTF-8 bytes
        assertFalse(new WorkerShare(1, 4).includes("photo-00.png"));
    }

    @Test
    void everyFileHasExactlyOneOwnerAndTheSharesAreBalanced() {
        int count = 3;
        int[] owned = new int[count];
        IntStream.range(0, 3000).mapToObj(i -> "album/" + (i / 100) + "/IMG_" + i + ".jpg").forEach(path -> {
            int owners = 0;
            for (int k = 1; k <= count; k++) {
                if (new WorkerShare(k, count).includes(path)) {
                    owners++;
                    owned[k - 1]++;
                }
            }
            assertEquals(1, owners, path);
        });
        for (int n : owned) {
            assertTrue(n > 900 && n < 1100, "each of 3 workers owns about 1000 of 3000 files, not " + n);
        }
        assertTrue(WorkerShare.ALL.includes("anything.jpg"));
    }

    @Test
    void theEmbeddedIndexWhichOneProcessWritesRefusesAShareAndCreatesNothing() {
        Path data = tmp.resolve("data");
        IndexSettings settings = IndexSettings.defaults().withWorkerShare(new WorkerShare(2, 3));
        LibraryException e = assertThrows(LibraryException.class, () ->
                PhotoLibrary.open(data, LibraryModels.of(ReferencePackFixture.pack()), settings, LibraryBackend.embedded()));
        assertTrue(e.getMessage().contains("worker share 2/3") && e.getMessage().contains("findling.library.backend=solr"),
                e.getMessage());
        assertFalse(Files.exists(data.resolve("index")), "no index was created");
    }
}
