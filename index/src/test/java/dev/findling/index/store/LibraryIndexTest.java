package dev.findling.index.store;

import dev.findling.index.Candidate;
import dev.findling.index.ClusteredVectors;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.PackMismatchException;
import dev.findling.index.TextHit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryIndexTest {
    static final LibraryIndex.VectorFormatSettings HNSW = new LibraryIndex.VectorFormatSettings(16, 100, true);
    static final IndexIdentity IDENTITY = new IndexIdentity("pack-a", 8, 4, 2);

    @TempDir
    Path dir;

    static ImageDocument doc(String id, String root, String path, List<PatchVector> patches, float[] global, int grid) {
        ImageRecord r = new ImageRecord(id, root, path, "0".repeat(63) + "1", 100, 5, 640, 480, "pack-a",
                patches.size(), global != null);
        return new ImageDocument(r, grid, grid, patches, global);
    }

    static float[] unit(int dim, int hot) {
        float[] v = new float[dim];
        v[hot] = 1;
        return v;
    }

    static float[] mix(int dim, int a, float wa, int b, float wb) {
        float[] v = new float[dim];
        v[a] += wa;
        v[b] += wb;
        VectorMath.normalizeInPlace(v);
        return v;
    }

    @Test
    void candidatesAreImagesRankedByTheirBestPatch() throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            // image 1: a patch that matches axis 0 perfectly at (1,0); image 2: a weaker match; image 3: none.
            index.upsert(doc("img1", "r", "one.jpg", List.of(new PatchVector(0, 0, unit(8, 3)),
                    new PatchVector(0, 1, unit(8, 4)), new PatchVector(1, 0, unit(8, 0)), new PatchVector(1, 1, unit(8, 5))),
                    null, 2));
            index.upsert(doc("img2", "r", "two.jpg", List.of(new PatchVector(0, 0, mix(8, 0, 1, 1, 1)),
                    new PatchVector(0, 1, unit(8, 2))), null, 2));
            index.upsert(doc("img3", "r", "three.jpg", List.of(new PatchVector(0, 0, unit(8, 6))), null, 1));
            index.commit();

            List<Candidate> c = index.candidates(unit(8, 0), 3, 2, null);

            assertEquals(List.of("img1", "img2", "img3"), c.stream().map(x -> x.image().id()).toList());
            assertEquals(1f, c.get(0).patchScore(), 1e-6);
            assertEquals(1, c.get(0).patchRow());
            assertEquals(0, c.get(0).patchCol());
            assertEquals((float) Math.sqrt(0.5), c.get(1).patchScore(), 1e-6);
            assertEquals(0f, c.get(2).patchScore(), 1e-6);
            assertEquals("one.jpg", c.get(0).image().relativePath());
            assertEquals(4, c.get(0).image().patchCount());
        }
    }

    @Test
    void updatingAndDeletingReplaceTheWholeBlock() throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            index.upsert(doc("img1", "r", "one.jpg", List.of(new PatchVector(0, 0, unit(8, 0))), null, 1));
            index.upsert(doc("img2", "r", "two.jpg", List.of(new PatchVector(0, 0, unit(8, 1))), null, 1));
            index.commit();
            // img1 now shows something else: its old patch must not match any more.
            index.upsert(doc("img1", "r", "one.jpg", List.of(new PatchVector(0, 0, unit(8, 2))), null, 1));
            index.delete("img2");
            index.commit();

            List<Candidate> c = index.candidates(unit(8, 0), 5, 2, null);
            assertEquals(1, c.size());
            assertEquals(0f, c.get(0).patchScore(), 1e-6);
            assertEquals(1, index.imageCount(null));
            assertTrue(index.image("img2").isEmpty());
        }
    }

    @Test
    void rootFilterAndFailureRecords() throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            index.upsert(doc("a", "r1", "a.jpg", List.of(new PatchVector(0, 0, unit(8, 0))), null, 1));
            index.upsert(doc("b", "r2", "b.jpg", List.of(new PatchVector(0, 0, unit(8, 0))), null, 1));
            index.recordFailure("c", new FileFailure("r1", "broken.jpg", "the image is corrupt"), 10, 20);
            index.commit();

            assertEquals(List.of("b"), index.candidates(unit(8, 0), 5, 2, "r2").stream().map(x -> x.image().id()).toList());
            assertEquals(List.of(new FileFailure("r1", "broken.jpg", "the image is corrupt")), index.failures("r1"));
            assertEquals(Set.of("a.jpg", "broken.jpg"), index.filesOf("r1").keySet());
            assertTrue(index.filesOf("r1").get("broken.jpg").failed());
            assertEquals(2, index.imageCount(null));
            assertEquals(1, index.imageCount("r1"));
            index.deleteRoot("r1");
            index.commit();
            assertTrue(index.filesOf("r1").isEmpty());
        }
    }

    @Test
    void textSearchUsesGlobalVectors() throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            index.upsert(doc("a", "r", "a.jpg", List.of(new PatchVector(0, 0, unit(8, 0))), unit(4, 0), 1));
            index.upsert(doc("b", "r", "b.jpg", List.of(new PatchVector(0, 0, unit(8, 0))), unit(4, 1), 1));
            index.commit();
            List<TextHit> hits = index.textSearch(mix(4, 1, 3, 0, 1), 2, null);
            assertEquals(List.of("b", "a"), hits.stream().map(h -> h.image().id()).toList());
            assertEquals(3 / Math.sqrt(10), hits.get(0).score(), 1e-5);
            assertTrue(hits.get(0).image().hasGlobalVector());
        }
    }

    @Test
    void indexBuiltWithAnotherPackIsRefusedWithTheReindexHint() throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            index.upsert(doc("a", "r", "a.jpg", List.of(new PatchVector(0, 0, unit(8, 0))), null, 1));
            index.commit();
        }
        PackMismatchException e = assertThrows(PackMismatchException.class,
                () -> LibraryIndex.open(dir, new IndexIdentity("pack-b", 8, 4, 2), HNSW));
        assertTrue(e.getMessage().contains("pack-a") && e.getMessage().contains("pack-b"), e.getMessage());
        assertTrue(e.getMessage().contains("findling reindex"), e.getMessage());

        PackMismatchException dims = assertThrows(PackMismatchException.class,
                () -> LibraryIndex.open(dir, new IndexIdentity("pack-a", 16, 4, 2), HNSW));
        assertTrue(dims.getMessage().contains("8-d") && dims.getMessage().contains("16-d"), dims.getMessage());

        // The refused open left the index untouched.
        try (LibraryIndex again = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            assertEquals(1, again.imageCount(null));
        }
    }

    @Test
    void targetOfTheWrongDimensionIsAClearError() throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dir, IDENTITY, HNSW)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> index.candidates(new float[5], 3, 2, null));
            assertTrue(e.getMessage().contains("8-d"), e.getMessage());
        }
    }

    /** Approximate (HNSW, 7-bit quantized) retrieval against exact best-patch brute force. */
    @Test
    void mergingForSearchLeavesOneSegmentWithTheSameAnswers() throws IOException {
        int dim = 32;
        ClusteredVectors data = new ClusteredVectors(dim, 10, 7);
        try (LibraryIndex index = LibraryIndex.open(dir, new IndexIdentity("pack-a", dim, 0, 2), HNSW)) {
            for (int i = 0; i < 60; i++) {
                index.upsert(doc("img" + i, "r", "img" + i + ".jpg", data.image(i, 2), null, 2));
                if (i % 20 == 19) {
                    index.commit(); // one segment per commit batch, as an ingestion run leaves them
                }
            }
            index.delete("img7");
            index.commit();
            assertTrue(index.segmentCount() > 1, "segments before: " + index.segmentCount());
            List<List<String>> before = new ArrayList<>();
            for (int q = 0; q < 5; q++) {
                before.add(index.candidates(data.query(q), 10, 2, null).stream().map(c -> c.image().id()).toList());
            }

            assertTrue(index.mergeForSearch());

            assertEquals(1, index.segmentCount());
            for (int q = 0; q < 5; q++) {
                assertEquals(before.get(q), index.candidates(data.query(q), 10, 2, null).stream().map(c -> c.image().id()).toList());
            }
            assertEquals(59, index.imageCount("r"));
            assertTrue(index.image("img7").isEmpty());
            assertFalse(index.mergeForSearch(), "one segment already: nothing to do");
        }
        // The merge was committed: a reopened index has the one segment.
        try (LibraryIndex index = LibraryIndex.open(dir, new IndexIdentity("pack-a", dim, 0, 2), HNSW)) {
            assertEquals(1, index.segmentCount());
        }
    }

    @Test
    void aMergeThatWouldRebuildALargeGraphForAFewChangesWaits() throws IOException {
        int dim = 32;
        ClusteredVectors data = new ClusteredVectors(dim, 10, 11);
        IndexIdentity identity = new IndexIdentity("pack-a", dim, 0, 2);
        try (LibraryIndex index = LibraryIndex.open(dir, identity, HNSW)) {
            for (int i = 0; i < 100; i++) {
                index.upsert(doc("img" + i, "r", "img" + i + ".jpg", data.image(i, 2), null, 2));
                if (i == 49) {
                    index.commit();
                }
            }
            assertTrue(index.mergeForSearch());
            assertEquals(1, index.segmentCount());

            // Photos added, none changed: the large segment has no deletions, its graph is grown — merge.
            for (int i = 100; i < 103; i++) {
                index.upsert(doc("img" + i, "r", "img" + i + ".jpg", data.image(i, 2), null, 2));
            }
            assertTrue(index.mergeForSearch());
            assertEquals(1, index.segmentCount());

            // One photo changed: merging would rebuild the whole graph for one document — it waits.
            index.upsert(doc("img5", "r", "img5.jpg", data.image(500, 2), null, 2));
            assertFalse(index.mergeForSearch());
            assertEquals(2, index.segmentCount());
            List<Candidate> found = index.candidates(data.image(500, 2).get(0).vector(), 5, 2, null);
            assertEquals("img5", found.get(0).image().id(), "the changed photo is found by its new content");
            assertEquals(1, found.stream().filter(c -> c.image().id().equals("img5")).count(), "and only once");
            assertEquals(103, index.imageCount("r"));

            // Enough changes that the small segments hold over 10 % of the library: now it merges.
            for (int i = 0; i < 20; i++) {
                index.upsert(doc("img" + i, "r", "img" + i + ".jpg", data.image(600 + i, 2), null, 2));
            }
            assertTrue(index.mergeForSearch());
            assertEquals(1, index.segmentCount());
            assertEquals(103, index.imageCount("r"));
        }
    }

    @Test
    void recallAt50AgainstBruteForceIsAtLeast95Percent() throws IOException {
        int images = 2000;
        int grid = 3; // 9 patches per image keeps the test short (HNSW building is the cost); the benchmark uses 8×8
        int dim = 256;
        ClusteredVectors data = new ClusteredVectors(dim, 200, 42);
        List<List<PatchVector>> all = new ArrayList<>();
        try (LibraryIndex index = LibraryIndex.open(dir, new IndexIdentity("pack-a", dim, 0, grid), HNSW)) {
            for (int i = 0; i < images; i++) {
                List<PatchVector> patches = data.image(i, grid);
                all.add(patches);
                index.upsert(doc("img" + i, "r", "img" + i + ".jpg", patches, null, grid));
                if (i == images / 2) {
                    index.commit(); // two segments, as in an incremental library
                }
            }
            index.commit();
            int queries = 30;
            double recallSum = 0;
            for (int qi = 0; qi < queries; qi++) {
                float[] q = data.query(qi);
                float[] exact = new float[images];
                for (int i = 0; i < images; i++) {
                    exact[i] = ClusteredVectors.bestPatch(all.get(i), q);
                }
                Set<String> truth = new HashSet<>();
                IntStream.range(0, images).boxed()
                        .sorted(Comparator.comparingDouble(i -> -exact[i]))
                        .limit(50).forEach(i -> truth.add("img" + i));
                List<Candidate> got = index.candidates(q, 50, 2, null);
                assertEquals(50, got.size());
                long hit = got.stream().filter(c -> truth.contains(c.image().id())).count();
                recallSum += hit / 50.0;
                // Exact re-scoring: the reported score is the true best-patch score.
                Candidate first = got.get(0);
                int idx = Integer.parseInt(first.image().id().substring(3));
                assertEquals(ClusteredVectors.bestPatch(all.get(idx), q), first.patchScore(), 1e-5);
            }
            double recall = recallSum / queries;
            assertTrue(recall >= 0.95, "recall@50 = " + recall);
            assertFalse(Double.isNaN(recall));
        }
    }
}
