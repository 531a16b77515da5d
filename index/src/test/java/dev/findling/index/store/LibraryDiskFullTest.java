package dev.findling.index.store;

import dev.findling.index.IndexSettings;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestMode;
import dev.findling.index.IngestProgress;
import dev.findling.index.LibraryModels;
import dev.findling.index.PhotoLibrary;
import dev.findling.jobs.JobState;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.TestImages;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 4 at the library level: an ingestion on a disk that fills up (Lucene's {@link MockDirectoryWrapper}
 * under the embedded index) fails with a clear error; the root is idle afterwards, so removing it works (no "being
 * ingested"), and once space is free an ingestion completes without a restart, with nothing committed lost.
 * {@link DiskFullRecoveryTest} covers the index's own commit on a full disk.
 */
class LibraryDiskFullTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path tmp;

    /** The embedded index over a disk whose size the test controls. */
    private static final class FillingDisk implements LibraryBackend {
        MockDirectoryWrapper disk;

        @Override
        public LibraryStore open(Path dataDir, IndexIdentity identity, IndexSettings settings) {
            Path path = dataDir.resolve(EmbeddedBackend.INDEX_DIR);
            try {
                disk = new MockDirectoryWrapper(new Random(17), FSDirectory.open(path));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            disk.setThrottling(MockDirectoryWrapper.Throttling.NEVER);
            disk.setCheckIndexOnClose(false); // checked below with CheckIndex itself
            return LibraryIndex.open(disk, path.toString(), identity, new LibraryIndex.VectorFormatSettings(
                    settings.hnswMaxConnections(), settings.hnswBeamWidth(), settings.quantizeVectors()), false);
        }

        /** As the embedded back end does: the old index goes, an empty one opens on the same controlled disk. */
        @Override
        public LibraryStore recreate(Path dataDir, IndexIdentity identity, IndexSettings settings) {
            try {
                org.apache.lucene.util.IOUtils.rm(dataDir.resolve(EmbeddedBackend.INDEX_DIR));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return open(dataDir, identity, settings);
        }

        @Override
        public String describe(Path dataDir) {
            return "Lucene index on a filling disk in " + dataDir;
        }
    }

    @Test
    void anIngestionOnAFullDiskFailsClearlyAndTheLibraryRecoversWithoutARestart() throws Exception {
        Path kept = folder("kept", 4, 100);
        Path more = folder("more", 8, 200);
        Path data = tmp.resolve("data");
        FillingDisk backend = new FillingDisk();
        IndexSettings settings = IndexSettings.defaults().withCommitEvery(2, Duration.ofMinutes(5)).withRerankThreads(1);
        try (PhotoLibrary library = PhotoLibrary.open(data, LibraryModels.of(ReferencePackFixture.pack()), settings, backend)) {
            String keptRoot = library.addRoot(kept).id();
            assertEquals(JobState.COMPLETED, ingest(library, keptRoot).state());
            assertEquals(4, library.imageCount(keptRoot));

            // The disk fills up: only a few more bytes fit.
            backend.disk.setMaxSizeInBytes(backend.disk.sizeInBytes() + 1024);
            String moreRoot = library.addRoot(more).id();
            IngestProgress failed = ingest(library, moreRoot);
            assertEquals(JobState.FAILED, failed.state(), failed.message());
            assertTrue(failed.message().toLowerCase(Locale.ROOT).contains("disk full"), failed.message());
            assertTrue(failed.message().contains("nothing committed was lost"), failed.message());
            assertEquals(4, library.imageCount(keptRoot), "what was committed before stays");

            // Space is freed: the failed root is idle, so it can be removed, and a new ingestion completes.
            backend.disk.setMaxSizeInBytes(0);
            library.removeRoot(moreRoot);
            assertEquals(0, library.imageCount(moreRoot));
            String again = library.addRoot(more).id();
            IngestProgress redone = ingest(library, again);
            assertEquals(JobState.COMPLETED, redone.state(), redone.message());
            assertEquals(8, library.imageCount(again));
            assertEquals(4, library.imageCount(keptRoot), "nothing committed was lost");
        }
        try (FSDirectory fs = FSDirectory.open(data.resolve(EmbeddedBackend.INDEX_DIR)); CheckIndex check = new CheckIndex(fs)) {
            assertTrue(check.checkIndex().clean, "the index is clean after the failure");
        }
        // And `findling reindex` rebuilds it on the same disk, from the cached embeddings.
        try (PhotoLibrary rebuilt = PhotoLibrary.reindex(data, LibraryModels.of(ReferencePackFixture.pack()), settings, backend)) {
            assertEquals(0, rebuilt.imageCount(null), "the rebuilt index starts empty");
            int images = 0;
            for (var root : rebuilt.roots()) {
                IngestProgress p = rebuilt.ingest(root.id(), IngestMode.ALL, IngestListener.NONE).await(WAIT);
                assertEquals(JobState.COMPLETED, p.state(), p.message());
                images += rebuilt.imageCount(root.id());
            }
            assertEquals(12, images);
            assertEquals(0, rebuilt.cacheStats().misses(), "nothing was re-encoded");
        }
    }

    private static IngestProgress ingest(PhotoLibrary library, String rootId) throws Exception {
        return library.ingest(rootId, IngestMode.MISSING, IngestListener.NONE).await(WAIT);
    }

    private Path folder(String name, int count, long firstSeed) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < count; i++) {
            TestImages.png(dir.resolve("p" + i + ".png"), i % 2 == 0 ? TestImages.withDisc(firstSeed + i)
                    : TestImages.withoutDisc(firstSeed + i));
        }
        return dir;
    }
}
