package dev.findling.index;

import dev.findling.index.solr.SharedSolrCloud;
import dev.findling.index.solr.SolrBackend;
import dev.findling.jobs.JobState;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Findling workers — each with its own data folder (roots, embedding cache, thumbnails) and its
 * {@link WorkerShare} — ingest the same album into one SolrCloud collection at the same time: every
 * photo is indexed once, by its owner; reruns find nothing to do; a vanished photo is removed by its
 * owner only.
 */
@ExtendWith(SharedSolrCloud.class)
class SeveralWorkersOnSolrCloudTest {
    private static final int PHOTOS = 20;
    private static final Duration WAIT = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @Test
    void twoWorkersIngestingOneAlbumAtOnceIndexEveryPhotoOnceAndEachRemovesOnlyItsOwn() throws Exception {
        Path album = tmp.resolve("album");
        List<String> names = IntStream.range(0, PHOTOS).mapToObj(i -> String.format("photo-%02d.png", i)).toList();
        for (int i = 0; i < PHOTOS; i++) {
            TestImages.png(album.resolve(names.get(i)), i % 2 == 0 ? TestImages.withDisc(300 + i) : TestImages.withoutDisc(300 + i));
        }
        SolrBackend collection = new SolrBackend(SharedSolrCloud.cluster().newCollection("two-workers"));
        LibraryModels models = LibraryModels.of(ReferencePackFixture.pack());
        WorkerShare first = new WorkerShare(1, 2);
        WorkerShare second = new WorkerShare(2, 2);
        try (PhotoLibrary one = PhotoLibrary.open(tmp.resolve("worker-1"), models, PhotoLibraryTest.settings().withWorkerShare(first), collection);
             PhotoLibrary two = PhotoLibrary.open(tmp.resolve("worker-2"), models, PhotoLibraryTest.settings().withWorkerShare(second), collection)) {
            String root = one.addRoot(album).id();
            assertEquals(root, two.addRoot(album).id(), "both workers name the folder's root alike");

            IngestJob runOne = one.ingest(root, IngestMode.MISSING, IngestListener.NONE);
            IngestJob runTwo = two.ingest(root, IngestMode.MISSING, IngestListener.NONE);
            IngestProgress p1 = completed(runOne.await(WAIT));
            IngestProgress p2 = completed(runTwo.await(WAIT));

            long owned = names.stream().filter(first::includes).count();
            assertTrue(owned > 0 && owned < PHOTOS, "the album is split between the workers: " + owned);
            assertEquals(owned, p1.total());
            assertEquals(owned, p1.processed());
            assertEquals(PHOTOS - owned, p2.total());
            assertEquals(PHOTOS - owned, p2.processed());
            for (PhotoLibrary worker : List.of(one, two)) {
                List<ImageRecord> images = worker.images(root, 0, 1000);
                assertEquals(PHOTOS, images.size(), "each photo once, seen from every worker");
                assertEquals(new HashSet<>(names), paths(images));
            }

            IngestProgress again1 = completed(one.ingest(root, IngestMode.MISSING, IngestListener.NONE).await(WAIT));
            IngestProgress again2 = completed(two.ingest(root, IngestMode.MISSING, IngestListener.NONE).await(WAIT));
            assertEquals(0, again1.processed() + again2.processed(), "a rerun finds nothing to do");
            assertEquals(PHOTOS, again1.unchanged() + again2.unchanged());

            String gone = names.stream().filter(first::includes).findFirst().orElseThrow();
            Files.delete(album.resolve(gone));
            IngestProgress notMine = completed(two.ingest(root, IngestMode.MISSING, IngestListener.NONE).await(WAIT));
            assertEquals(0, notMine.removed(), "worker 2 leaves worker 1's photos alone");
            assertEquals(PHOTOS, two.imageCount(root));
            IngestProgress mine = completed(one.ingest(root, IngestMode.MISSING, IngestListener.NONE).await(WAIT));
            assertEquals(1, mine.removed());
            assertEquals(PHOTOS - 1, two.imageCount(root));
            assertTrue(two.findImage(root, gone).isEmpty());
        }
    }

    private static IngestProgress completed(IngestProgress p) {
        assertEquals(JobState.COMPLETED, p.state(), p.message());
        return p;
    }

    private static Set<String> paths(List<ImageRecord> images) {
        Set<String> paths = new HashSet<>();
        images.forEach(r -> paths.add(r.relativePath()));
        return paths;
    }
}
