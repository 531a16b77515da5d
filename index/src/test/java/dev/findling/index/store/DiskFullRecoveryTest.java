package dev.findling.index.store;

import dev.findling.index.LibraryException;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disk that fills up under the index (Lucene's {@link MockDirectoryWrapper}): the failed commit loses nothing that
 * was committed before, searches see only committed images, and once space is free again the next write reopens the
 * writer from the last commit — instead of "this IndexWriter is closed" until a restart.
 */
class DiskFullRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aCommitOnAFullDiskKeepsTheLastCommitAndTheNextWriteWorksOnceSpaceIsFree() throws IOException {
        MockDirectoryWrapper disk = new MockDirectoryWrapper(new Random(13), FSDirectory.open(dir));
        disk.setThrottling(MockDirectoryWrapper.Throttling.NEVER);
        disk.setCheckIndexOnClose(false); // checked below with CheckIndex itself
        try (LibraryIndex index = LibraryIndex.open(disk, dir.toString(), LibraryIndexTest.IDENTITY,
                LibraryIndexTest.HNSW, false)) {
            for (int i = 0; i < 5; i++) {
                index.upsert(image("kept-" + i));
            }
            index.commit();

            // The disk is full: only a few more bytes fit.
            disk.setMaxSizeInBytes(disk.sizeInBytes() + 512);
            for (int i = 0; i < 40; i++) {
                index.upsert(image("lost-" + i));
            }
            LibraryException failed = assertThrows(LibraryException.class, index::commit);
            assertTrue(failed.getMessage().contains("disk full"), failed.getMessage());
            assertTrue(failed.getMessage().contains("nothing committed was lost"), failed.getMessage());
            assertEquals(5, index.imageCount(null), "searches see the last commit, not the discarded batch");

            // Still full: a write fails clearly again, and nothing breaks for good.
            index.upsert(image("still-full"));
            assertThrows(LibraryException.class, index::commit);

            // Space is freed: the next operations work without a restart.
            disk.setMaxSizeInBytes(0);
            index.upsert(image("after"));
            index.deleteRoot("no-such-root");
            index.commit();
            assertEquals(6, index.imageCount(null));
            assertTrue(index.image("kept-0").isPresent());
            assertTrue(index.image("after").isPresent());
            assertTrue(index.image("lost-0").isEmpty(), "the failed batch is redone by the next run, not half-kept");
        }
        try (FSDirectory fs = FSDirectory.open(dir); CheckIndex check = new CheckIndex(fs)) {
            assertTrue(check.checkIndex().clean, "the index is clean after the failures");
        }
        try (LibraryIndex reopened = LibraryIndex.open(dir, LibraryIndexTest.IDENTITY, LibraryIndexTest.HNSW)) {
            assertEquals(6, reopened.imageCount(null));
        }
    }

    private static ImageDocument image(String id) {
        return LibraryIndexTest.doc(id, "r", id + ".jpg", List.of(new PatchVector(0, 0, LibraryIndexTest.unit(8, id.length() % 8)),
                new PatchVector(0, 1, LibraryIndexTest.unit(8, 1))), LibraryIndexTest.unit(4, 0), 2);
    }
}
