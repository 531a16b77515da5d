package dev.findling.index;

import dev.findling.index.store.LibraryBackend;
import dev.findling.jobs.JobState;
import dev.findling.models.ModelPack;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library end to end over the generated reference pack (real ONNX Runtime sessions), on the
 * embedded index; {@code index/solr}'s {@code PhotoLibraryOnSolrCloudTest} runs every test here again
 * with the index on SolrCloud.
 */
public class PhotoLibraryTest {
    static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path tmp;
    Path photos;
    Path data;
    PhotoLibrary library;

    static ModelPack pack() {
        return ReferencePackFixture.pack();
    }

    static IndexSettings settings() {
        return IndexSettings.defaults().withCommitEvery(2, Duration.ofMinutes(5)).withRerankThreads(2);
    }

    /** Where the library keeps its index; the same for every open of one test. */
    protected LibraryBackend backend() {
        return LibraryBackend.embedded();
    }

    private PhotoLibrary openLibrary(LibraryModels models) {
        return PhotoLibrary.open(data, models, settings(), backend());
    }

    @BeforeEach
    void open() throws IOException {
        photos = Files.createDirectories(tmp.resolve("photos"));
        data = tmp.resolve("data");
        library = openLibrary(LibraryModels.of(pack()));
    }

    @AfterEach
    void close() {
        if (library != null) {
            library.close();
        }
    }

    private IngestProgress ingest(String rootId, IngestMode mode) throws Exception {
        IngestProgress p = library.ingest(rootId, mode, IngestListener.NONE).await(WAIT);
        assertEquals(JobState.COMPLETED, p.state(), p.message());
        return p;
    }

    private Set<String> indexedPaths(String rootId) {
        return library.images(rootId, 0, 1000).stream().map(ImageRecord::relativePath).collect(Collectors.toSet());
    }

    @Test
    void ingestsNestedFoldersSkipsAndReportsCorruptFiles() throws Exception {
        TestImages.png(photos.resolve("a.png"), TestImages.withDisc(1));
        TestImages.jpeg(photos.resolve("2024/summer/b.jpg"), TestImages.withoutDisc(2));
        Files.writeString(photos.resolve("notes.txt"), "not an image");
        Files.write(photos.resolve("2024/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4});
        LibraryRoot root = library.addRoot(photos);
        List<FileFailure> reported = Collections.synchronizedList(new ArrayList<>());
        List<IngestProgress> events = Collections.synchronizedList(new ArrayList<>());

        IngestProgress p = library.ingest(root.id(), IngestMode.MISSING, new IngestListener() {
            @Override
            public void onProgress(IngestProgress progress) {
                events.add(progress);
            }

            @Override
            public void onFailure(FileFailure failure) {
                reported.add(failure);
            }
        }).await(WAIT);

        assertEquals(JobState.COMPLETED, p.state(), p.message());
        assertEquals(3, p.total());
        assertEquals(3, p.done());
        assertEquals(2, p.processed());
        assertEquals(1, p.errors());
        assertEquals(List.of("2024/broken.jpg"), reported.stream().map(FileFailure::relativePath).toList());
        assertEquals(List.of("2024/broken.jpg"), library.failures(root.id()).stream().map(FileFailure::relativePath).toList());
        assertEquals(Set.of("a.png", "2024/summer/b.jpg"), indexedPaths(root.id()));
        assertTrue(events.get(0).scanning(), "the first event is the scan");
        assertEquals(JobState.COMPLETED, events.get(events.size() - 1).state());
        // Commits every 2 files left several segments; the run ends by merging them into one.
        assertTrue(events.stream().anyMatch(e -> "merging the index for fast search".equals(e.message())));
        if (backend() == LibraryBackend.embedded()) {
            try (var reader = org.apache.lucene.index.DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(data.resolve("index")))) {
                assertEquals(1, reader.leaves().size());
            }
        }

        ImageRecord a = library.findImage(root.id(), "a.png").orElseThrow();
        assertEquals(96, a.width());
        assertEquals(72, a.height());
        assertEquals(pack().id(), a.packId());
        assertEquals(64, a.patchCount(), "8×8 patches");
        assertEquals(a, library.image(a.id()));
        assertEquals(photos.toRealPath().resolve("a.png"), library.file(a.id()));
        byte[] thumb = library.thumbnail(a.id());
        assertEquals((byte) 0xFF, thumb[0]);
        assertEquals((byte) 0xD8, thumb[1]);

        ImageEmbedding cached = library.embedding(a.id());
        assertEquals(ResizeGeometry.of(72, 96, 1024), cached.geometry());
        assertEquals(pack().id(), cached.packId());
    }

    /** A photo far above the encoder's frame is encoded from a reduced copy; the library keeps the photo's own size. */
    @Test
    void aLargePhotoIsIngestedFromAReducedCopyAndKeepsItsOwnSize() throws Exception {
        Files.write(photos.resolve("large.png"), dev.findling.models.image.PngWriter.rgb(TestImages.enlarged(TestImages.withDisc(4), 50)));
        String root = library.addRoot(photos).id();
        IngestProgress p = ingest(root, IngestMode.MISSING);
        assertEquals(1, p.processed());

        ImageRecord large = library.findImage(root, "large.png").orElseThrow();
        assertEquals(4800, large.width());
        assertEquals(3600, large.height());
        assertEquals(ResizeGeometry.of(3600, 4800, 1024), library.embedding(large.id()).geometry());
        var thumb = dev.findling.models.image.ImageDecoder.probe(library.thumbnail(large.id()));
        assertEquals(256, Math.max(thumb.width(), thumb.height()));
    }

    @Test
    void missingModeSkipsUnchangedAndReprocessesChangedNewAndDeletedFiles() throws Exception {
        Path a = TestImages.png(photos.resolve("a.png"), TestImages.withDisc(1));
        Path b = TestImages.png(photos.resolve("b.png"), TestImages.withDisc(2));
        Path c = TestImages.png(photos.resolve("c.png"), TestImages.withDisc(3));
        Files.write(photos.resolve("bad.png"), new byte[] {1, 2, 3});
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);
        String shaB = library.findImage(root, "b.png").orElseThrow().sha256();

        // Nothing changed: nothing is processed, and the failed file is not "missing" either.
        IngestProgress again = ingest(root, IngestMode.MISSING);
        assertEquals(0, again.processed());
        assertEquals(4, again.unchanged());
        assertEquals(0, again.errors());

        // a: new content; b: same bytes, new mtime; c: deleted; d: new.
        TestImages.png(a, TestImages.withoutDisc(11));
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 60_000));
        Files.delete(c);
        TestImages.png(photos.resolve("d.png"), TestImages.withDisc(4));
        long encodedBefore = library.cacheStats().misses();

        IngestProgress changed = ingest(root, IngestMode.MISSING);

        assertEquals(3, changed.processed(), "a, b and d");
        assertEquals(1, changed.unchanged(), "bad.png");
        assertEquals(1, changed.removed(), "c");
        assertEquals(Set.of("a.png", "b.png", "d.png"), indexedPaths(root));
        assertEquals(shaB, library.findImage(root, "b.png").orElseThrow().sha256());
        // Only a and d were encoded; b's embedding came from the cache (same content hash).
        assertEquals(2, library.cacheStats().misses() - encodedBefore);

        // ALL re-processes everything, including the failed file.
        IngestProgress all = ingest(root, IngestMode.ALL);
        assertEquals(3, all.processed());
        assertEquals(1, all.errors());
        assertEquals(0, all.unchanged());
    }

    @Test
    void identicalBytesAtTwoPathsShareOneCacheEntry() throws Exception {
        RgbImage img = TestImages.withDisc(5);
        TestImages.png(photos.resolve("x/original.png"), img);
        TestImages.png(photos.resolve("y/copy.png"), img);
        String root = library.addRoot(photos).id();

        IngestProgress p = ingest(root, IngestMode.MISSING);

        assertEquals(2, p.processed());
        ImageRecord x = library.findImage(root, "x/original.png").orElseThrow();
        ImageRecord y = library.findImage(root, "y/copy.png").orElseThrow();
        assertNotEquals(x.id(), y.id());
        assertEquals(x.sha256(), y.sha256());
        assertEquals(1, library.cacheStats().entries());
        assertArrayEquals(library.embedding(x.id()).copyFeatures(), library.embedding(y.id()).copyFeatures());
    }

    /** target_feat as PerSAM computes it: L2-normalised mean of the embedding cells under the mask. */
    static float[] targetFeat(ImageEmbedding e, SyntheticScenes.Scene scene) {
        ResizeGeometry g = e.geometry();
        float[] sum = new float[e.channels()];
        int cells = 0;
        for (int gy = 0; gy < e.gridHeight(); gy++) {
            for (int gx = 0; gx < e.gridWidth(); gx++) {
                float cx = (gx + 0.5f) * g.inputSize() / e.gridWidth();
                float cy = (gy + 0.5f) * g.inputSize() / e.gridHeight();
                if (cx >= g.resizedWidth() || cy >= g.resizedHeight()) {
                    continue;
                }
                int x = (int) g.xToOriginal(cx);
                int y = (int) g.yToOriginal(cy);
                if (scene.disc().get(x, y)) {
                    for (int c = 0; c < sum.length; c++) {
                        sum[c] += e.feature(c, gy, gx);
                    }
                    cells++;
                }
            }
        }
        assertTrue(cells > 0);
        return dev.findling.index.store.VectorMath.normalized(sum, "target");
    }

    /** An honest exact re-ranker for tests: the best cosine over all 64×64 embedding cells. */
    static Reranked<String> bestCell(Candidate c, ImageEmbedding e, float[] target, double threshold) {
        double best = -1;
        for (int gy = 0; gy < e.gridHeight(); gy++) {
            for (int gx = 0; gx < e.gridWidth(); gx++) {
                double dot = 0;
                double norm = 0;
                for (int ch = 0; ch < e.channels(); ch++) {
                    float v = e.feature(ch, gy, gx);
                    dot += v * target[ch];
                    norm += v * v;
                }
                if (norm > 0) {
                    best = Math.max(best, dot / Math.sqrt(norm));
                }
            }
        }
        return new Reranked<>(best >= threshold, best, c.image().relativePath());
    }

    @Test
    void conceptSearchRetrievesByBestPatchAndRanksByTheReranker() throws Exception {
        for (int i = 0; i < 4; i++) {
            TestImages.png(photos.resolve("disc" + i + ".png"), TestImages.withDisc(100 + i));
            TestImages.png(photos.resolve("plain" + i + ".png"), TestImages.withoutDisc(200 + i));
        }
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);
        SyntheticScenes.Scene reference = SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, 999));
        float[] target = targetFeat(pack().imageEncoder().encode(reference.image()), reference);

        List<Candidate> candidates = library.candidates(target, 8);
        assertEquals(8, candidates.size());
        Set<String> top4 = candidates.subList(0, 4).stream().map(c -> c.image().relativePath()).collect(Collectors.toSet());
        assertEquals(Set.of("disc0.png", "disc1.png", "disc2.png", "disc3.png"), top4);
        for (int i = 1; i < candidates.size(); i++) {
            assertTrue(candidates.get(i - 1).patchScore() >= candidates.get(i).patchScore());
        }

        // Threshold between the disc images' and the plain images' best-cell scores.
        double lowestDisc = Double.MAX_VALUE;
        double highestPlain = -Double.MAX_VALUE;
        for (Candidate c : candidates) {
            double s = bestCell(c, library.embedding(c.image().id()), target, 0).score();
            if (c.image().relativePath().startsWith("disc")) {
                lowestDisc = Math.min(lowestDisc, s);
            } else {
                highestPlain = Math.max(highestPlain, s);
            }
        }
        assertTrue(lowestDisc > highestPlain, lowestDisc + " vs " + highestPlain);
        double threshold = (lowestDisc + highestPlain) / 2;
        Reranker<String> reranker = (c, e) -> bestCell(c, e, target, threshold);

        SearchPage<String> page = library.search(SearchRequest.of(target).withCandidates(8).withPage(0, 3), reranker);
        assertEquals(4, page.totalHits(), "plain images are not found and filtered out");
        assertEquals(3, page.hits().size());
        assertEquals(8, page.candidates());
        assertTrue(page.failures().isEmpty());
        SearchPage<String> second = library.search(SearchRequest.of(target).withCandidates(8).withPage(3, 3), reranker);
        assertEquals(1, second.hits().size());
        List<SearchHit<String>> all = new ArrayList<>(page.hits());
        all.addAll(second.hits());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).score() >= all.get(i).score(), "ordered by the re-ranker's score");
        }
        assertTrue(all.stream().allMatch(h -> h.found() && h.detail().startsWith("disc")));

        SearchPage<String> withAbsent = library.search(SearchRequest.of(target).withCandidates(8).withPage(0, 20)
                .withIncludeNotFound(true), reranker);
        assertEquals(8, withAbsent.totalHits());
        assertTrue(withAbsent.hits().get(4).detail().startsWith("plain"), "not-found results rank last");

        SearchPage<String> strict = library.search(SearchRequest.of(target).withCandidates(8)
                .withMinScore(all.get(1).score()), reranker);
        assertEquals(2, strict.totalHits());

        // A re-ranker failure on one candidate is reported, not thrown.
        SearchPage<String> partial = library.search(SearchRequest.of(target).withCandidates(8), (c, e) -> {
            if (c.image().relativePath().equals("disc0.png")) {
                throw new IllegalStateException("decoder exploded");
            }
            return reranker.rerank(c, e);
        });
        assertEquals(3, partial.totalHits());
        assertEquals("disc0.png", partial.failures().get(0).relativePath());

        // Results the re-ranker already knows are taken as they are: no embedding load, no rerank call.
        Map<String, Reranked<String>> known = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger reranked = new java.util.concurrent.atomic.AtomicInteger();
        Reranker<String> remembering = new Reranker<>() {
            @Override
            public Reranked<String> rerank(Candidate c, ImageEmbedding e) throws Exception {
                reranked.incrementAndGet();
                Reranked<String> r = reranker.rerank(c, e);
                known.put(c.image().id(), r);
                return r;
            }

            @Override
            public java.util.Optional<Reranked<String>> known(Candidate c) {
                return java.util.Optional.ofNullable(known.get(c.image().id()));
            }
        };
        SearchPage<String> firstRun = library.search(SearchRequest.of(target).withCandidates(8).withPage(0, 3), remembering);
        assertEquals(8, reranked.get());
        SearchPage<String> again = library.search(SearchRequest.of(target).withCandidates(8).withPage(0, 3), remembering);
        assertEquals(8, reranked.get(), "every candidate was known");
        assertEquals(firstRun.hits().stream().map(h -> h.candidate().image().id()).toList(),
                again.hits().stream().map(h -> h.candidate().image().id()).toList());
        assertEquals(page.hits().stream().map(h -> h.candidate().image().id()).toList(),
                again.hits().stream().map(h -> h.candidate().image().id()).toList());
    }

    @Test
    void textSearchFindsTheImageWhoseGlobalVectorMatches() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(library.supportsTextSearch(), "pack has no image-embedder");
        RgbImage disc = TestImages.withDisc(7);
        TestImages.png(photos.resolve("disc.png"), disc);
        TestImages.png(photos.resolve("plain.png"), TestImages.withoutDisc(8));
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);

        List<TextHit> hits = library.textSearch(pack().imageEmbedder().orElseThrow().embed(disc), 2);

        assertEquals("disc.png", hits.get(0).image().relativePath());
        assertEquals(1.0, hits.get(0).score(), 1e-4);
        assertTrue(hits.get(0).image().hasGlobalVector());
    }

    @Test
    void searchesSeeCommittedBatchesWhileIngestionIsPausedAndRunning() throws Exception {
        for (int i = 0; i < 8; i++) {
            TestImages.png(photos.resolve(String.format("img%02d.png", i)), TestImages.withDisc(300 + i));
        }
        String root = library.addRoot(photos).id();
        AtomicReference<IngestJob> job = new AtomicReference<>();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        IngestListener listener = new IngestListener() {
            @Override
            public void onProgress(IngestProgress p) {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (p.done() == 4 && p.state() == JobState.RUNNING && paused.getCount() > 0) {
                    job.get().pause();
                }
                if (p.state() == JobState.PAUSED) {
                    paused.countDown();
                }
            }
        };
        job.set(library.ingest(root, IngestMode.MISSING, listener));
        started.countDown();
        assertTrue(paused.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the job pauses");

        assertEquals(JobState.PAUSED, job.get().state());
        assertEquals(4, library.imageCount(root), "pausing commits, and the searcher sees the commit");
        assertEquals(4, library.candidates(axis(), 10).size());
        assertEquals(4, job.get().progress().committed());

        job.get().resume();
        IngestProgress done = job.get().await(WAIT);
        assertEquals(JobState.COMPLETED, done.state());
        assertEquals(8, library.imageCount(root));
        assertEquals(8, library.candidates(axis(), 10).size());
    }

    static float[] axis() {
        float[] v = new float[256];
        v[0] = 1;
        return v;
    }

    @Test
    void cancelledJobKeepsItsCommittedWorkAndMissingModeResumes() throws Exception {
        for (int i = 0; i < 6; i++) {
            TestImages.png(photos.resolve(String.format("img%02d.png", i)), TestImages.withDisc(400 + i));
        }
        String root = library.addRoot(photos).id();
        AtomicReference<IngestJob> job = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        job.set(library.ingest(root, IngestMode.MISSING, new IngestListener() {
            @Override
            public void onProgress(IngestProgress p) {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (p.done() == 3) {
                    job.get().cancel();
                }
            }
        }));
        started.countDown();
        IngestProgress cancelled = job.get().await(WAIT);
        assertEquals(JobState.CANCELLED, cancelled.state());
        assertEquals(3, library.imageCount(root));

        IngestProgress resumed = ingest(root, IngestMode.MISSING);
        assertEquals(3, resumed.processed());
        assertEquals(3, resumed.unchanged());
        assertEquals(6, library.imageCount(root));
    }

    @Test
    void pathsOutsideTheRootAndUnknownIdsAreRejected() throws Exception {
        TestImages.png(photos.resolve("a.png"), TestImages.withDisc(1));
        Path outside = TestImages.png(tmp.resolve("outside/secret.png"), TestImages.withDisc(2));
        Files.createSymbolicLink(photos.resolve("link.png"), outside);
        String root = library.addRoot(photos).id();
        IngestProgress p = ingest(root, IngestMode.MISSING);
        assertEquals(1, p.processed());
        assertEquals(1, p.errors(), "the link leading outside is reported");
        assertEquals(Set.of("a.png"), indexedPaths(root));

        assertThrows(PathOutsideRootException.class, () -> library.findImage(root, "../outside/secret.png"));
        assertThrows(PathOutsideRootException.class, () -> library.findImage(root, "/etc/passwd"));
        assertThrows(PathOutsideRootException.class, () -> library.findImage(root, "link.png"));
        assertTrue(library.findImage(root, "./a.png").isPresent());
        assertThrows(UnknownImageException.class, () -> library.image("0123456789abcdef0123"));
        assertThrows(UnknownImageException.class, () -> library.ingest("no-such-root", IngestMode.ALL, null));
        assertThrows(IllegalArgumentException.class, () -> library.addRoot(tmp.resolve("missing")));
        assertThrows(IllegalArgumentException.class, () -> library.addRoot(photos.getParent()), "roots must not overlap");
    }

    @Test
    void aLibraryBuiltWithAnotherPackIsRefusedUntilReindexed() throws Exception {
        TestImages.png(photos.resolve("a.png"), TestImages.withDisc(1));
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);
        library.close();
        library = null;
        LibraryModels other = new LibraryModels("another-pack-v2", 256, pack().imageEncoder(), pack().imageEmbedder());

        PackMismatchException e = assertThrows(PackMismatchException.class,
                () -> openLibrary(other));
        assertTrue(e.getMessage().contains("findling reindex"), e.getMessage());
        assertTrue(e.getMessage().contains(pack().id()) && e.getMessage().contains("another-pack-v2"), e.getMessage());

        // Reopening with the right pack still works and nothing was lost.
        library = openLibrary(LibraryModels.of(pack()));
        assertEquals(1, library.imageCount(root));
        library.close();

        // reindex: a fresh index, roots kept.
        library = PhotoLibrary.reindex(data, LibraryModels.of(pack()), settings(), backend());
        assertEquals(0, library.imageCount(null));
        assertEquals(List.of(root), library.roots().stream().map(LibraryRoot::id).toList());
        assertFalse(library.roots().isEmpty());
    }

    @Test
    void reindexIsRefusedWhileTheLibraryIsOpenAndTheOpenLibraryKeepsItsIndex() throws Exception {
        TestImages.png(photos.resolve("a.png"), TestImages.withDisc(1));
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);

        LibraryException e = assertThrows(LibraryException.class, () -> PhotoLibrary.reindex(data, pack(), settings()));
        assertTrue(e.getMessage().contains("in use by another Findling process"), e.getMessage());

        // The open library lost nothing and still writes.
        assertEquals(1, library.imageCount(root));
        TestImages.png(photos.resolve("b.png"), TestImages.withDisc(2));
        IngestProgress second = ingest(root, IngestMode.MISSING);
        assertEquals(1, second.processed());
        assertEquals(2, library.imageCount(root));
        library.close();
        library = PhotoLibrary.open(data, pack(), settings());
        assertEquals(2, library.imageCount(root), "both images were committed");
    }

    @Test
    void aRunWithNothingToDoStillMergesWhatAnInterruptedMergeLeft() throws Exception {
        TestImages.png(photos.resolve("a.png"), TestImages.withDisc(1));
        TestImages.png(photos.resolve("b.png"), TestImages.withDisc(2));
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);
        library.close();
        library = null;
        // What a run killed during its end-of-run merge leaves: several committed segments.
        LibraryModels models = LibraryModels.of(pack());
        var identity = new dev.findling.index.store.IndexIdentity(models.packId(), models.patchDim(), models.globalDim(),
                settings().patchGrid());
        var vectors = new dev.findling.index.store.LibraryIndex.VectorFormatSettings(settings().hnswMaxConnections(),
                settings().hnswBeamWidth(), settings().quantizeVectors());
        try (var index = dev.findling.index.store.LibraryIndex.open(data.resolve("index"), identity, vectors)) {
            for (int i = 0; i < 3; i++) {
                index.recordFailure("other-" + i, new FileFailure("other", "x" + i + ".png", "test"), 1, 1);
                index.commit();
            }
            assertTrue(index.segmentCount() > 1, "segments left unmerged: " + index.segmentCount());
        }

        library = PhotoLibrary.open(data, pack(), settings());
        IngestProgress nothingChanged = ingest(root, IngestMode.MISSING);
        assertEquals(0, nothingChanged.processed());
        library.close();
        library = null;
        try (var index = dev.findling.index.store.LibraryIndex.open(data.resolve("index"), identity, vectors)) {
            assertEquals(1, index.segmentCount(), "the unchanged run merged the index");
        }
    }
}
