package dev.findling.index.solr;

import dev.findling.index.Candidate;
import dev.findling.index.ClusteredVectors;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.IndexSettings;
import dev.findling.index.PackMismatchException;
import dev.findling.index.TextHit;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.IndexedFile;
import dev.findling.index.store.LibraryBackend;
import dev.findling.index.store.LibraryStore;
import dev.findling.index.store.PatchVector;
import dev.findling.index.store.VectorMath;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library index's behaviour, run on both back ends: the embedded Lucene index and a SolrCloud
 * collection on a real 2-node cluster (2 shards × 2 replicas, Solr's {@code MiniSolrCloudCluster} on
 * loopback), shared with the module's other tests; each test writes its own collection (or data folder).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedSolrCloud.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryStoreSuiteTest {

    enum Backend { EMBEDDED, SOLR }

    /** A test run once on each back end. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    @interface OnBothBackends {
    }

    /** The generated 2 000-image set (16 patches of 64 values per image) with exact scores for 20 queries. */
    private static final int IMAGES = 2000;
    private static final int GRID = 4;
    private static final int DIM = 64;
    private static final int QUERIES = 20;
    private static final IndexSettings SETTINGS = IndexSettings.defaults();

    private SolrTestCluster solr;
    private Path tmp;
    private GeneratedLibrary generated;
    private final Map<Backend, LibraryStore> generatedStores = new EnumMap<>(Backend.class);
    private final List<LibraryStore> opened = new ArrayList<>();

    @BeforeAll
    void startClusterAndWriteTheGeneratedLibrary() throws Exception {
        solr = SharedSolrCloud.cluster();
        tmp = Files.createTempDirectory("findling-store-suite");
        generated = new GeneratedLibrary(IMAGES, GRID, DIM, QUERIES, 42);
        for (Backend b : Backend.values()) {
            LibraryStore store = open(b, "generated", generated.identity());
            generated.writeTo(store, 500);
            store.mergeForSearch();
            generatedStores.put(b, store);
        }
    }

    @AfterAll
    void closeStores() throws Exception {
        for (LibraryStore s : opened) {
            try {
                s.close();
            } catch (RuntimeException | IOException ignored) {
                // a store on a stopped node; the cluster goes next
            }
        }
        try (var walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private LibraryStore open(Backend backend, String name, IndexIdentity identity) {
        LibraryStore s = backend(backend, name).open(tmp.resolve(name), identity, SETTINGS);
        opened.add(s);
        return s;
    }

    private LibraryBackend backend(Backend backend, String name) {
        return backend == Backend.EMBEDDED ? LibraryBackend.embedded() : new SolrBackend(solr.settings(name));
    }

    private static String unique(String name, Backend b) {
        return name + "-" + b.name().toLowerCase();
    }

    /** A store of its own for one write test on {@code backend}: 16-d patches on 2×2, global vectors of {@code globalDim}. */
    private LibraryStore freshStore(Backend backend, String test, int globalDim) {
        return open(backend, unique(test, backend), new IndexIdentity("p", 16, globalDim, 2));
    }

    // ------------------------------------------------------------------------------- retrieval quality

    @OnBothBackends
    @Order(1)
    void conceptCandidatesReachRecallAt50OfExactSearchWithExactScores(Backend backend) {
        LibraryStore store = generatedStores.get(backend);
        double recall = 0;
        for (int q = 0; q < QUERIES; q++) {
            List<Candidate> got = store.candidates(generated.queries[q], 50, SETTINGS.candidateOversample(), null);
            assertEquals(50, got.size());
            for (Candidate c : got) {
                float exact = generated.exact[q][GeneratedLibrary.index(c.image().id())];
                assertEquals(exact, c.patchScore(), 1e-4, "best-patch score of " + c.image().id());
                float cellScore = VectorMath.dot(generated.queries[q],
                        patch(generated.document(GeneratedLibrary.index(c.image().id())), c.patchRow(), c.patchCol()));
                assertEquals(exact, cellScore, 1e-4, "the reported cell is the best patch of " + c.image().id());
                assertEquals(GRID, c.gridRows());
            }
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i - 1).patchScore() >= got.get(i).patchScore(), "best first");
            }
            recall += generated.recall(q, got, 50);
        }
        recall /= QUERIES;
        System.out.printf("%s recall@50 over %d images: %.3f%n", backend, IMAGES, recall);
        assertTrue(recall >= 0.95, backend + " recall@50 is " + recall);
    }

    private static float[] patch(ImageDocument doc, int row, int col) {
        for (PatchVector p : doc.patches()) {
            if (p.row() == row && p.col() == col) {
                return p.vector();
            }
        }
        throw new AssertionError("no patch at " + row + "," + col);
    }

    /**
     * SolrCloud keeps float vectors and re-scores exactly, so its top 10 is exact search's for every query;
     * the embedded index searches a 7-bit quantized graph and is held to recall@50 ≥ 0.95 above, so the two
     * must agree on every query where the embedded top 10 is exact too.
     */
    @Test
    @Order(2)
    void solrCloudReturnsTheExactTopTenForEveryQueryAndTheEmbeddedTopTenWhereverThatIsExact() {
        int embeddedExact = 0;
        for (int q = 0; q < QUERIES; q++) {
            List<String> exact = generated.exactTop(q, 10);
            List<String> embedded = ids(generatedStores.get(Backend.EMBEDDED).candidates(generated.queries[q], 10, 2, null));
            List<String> solrTop = ids(generatedStores.get(Backend.SOLR).candidates(generated.queries[q], 10, 2, null));
            assertEquals(exact, solrTop, "query " + q + ": Solr's top 10 against exact search");
            if (embedded.equals(exact)) {
                embeddedExact++;
                assertEquals(embedded, solrTop, "query " + q + ": Solr's top 10 against the embedded index's");
            }
        }
        System.out.printf("the embedded top 10 is exact (and equal to Solr's) for %d of %d queries%n", embeddedExact, QUERIES);
        assertTrue(embeddedExact >= QUERIES / 2, "the embedded index is exact on " + embeddedExact + " of " + QUERIES + " queries");
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.image().id()).toList();
    }

    @OnBothBackends
    @Order(3)
    void imagesArePagedByPathAndCounted(Backend backend) {
        LibraryStore store = generatedStores.get(backend);
        assertEquals(IMAGES, store.imageCount(null));
        assertEquals(IMAGES, store.imageCount(GeneratedLibrary.ROOT));
        assertEquals(0, store.imageCount("elsewhere"));
        List<ImageRecord> page = store.images(null, 1500, 20);
        assertEquals(20, page.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(GeneratedLibrary.id(1500 + i), page.get(i).id());
        }
        assertEquals(generated.document(1510).record(), page.get(10));
        assertEquals(List.of(), store.images(null, IMAGES, 10));
        assertEquals(generated.document(7).record(), store.image(GeneratedLibrary.id(7)).orElseThrow());
        assertTrue(store.image("no-such-image").isEmpty());
        assertTrue(store.sizeOnDisk() > 0);
    }

    // ------------------------------------------------------------------------------- writes

    @OnBothBackends
    @Order(4)
    void reingestingReplacesAnImagesPatchesAndAFailureReplacesTheImage(Backend backend) {
        LibraryStore store = freshStore(backend, "reingest", 0);
        Random r = new Random(3);
        float[] concept = ClusteredVectors.gaussianUnit(r, 16);
        store.upsert(small("a", "r", concept, 0.9f, r));
        store.upsert(small("b", "r", concept, 0.5f, r));
        store.commit();
        assertEquals(List.of("a", "b"), ids(store.candidates(concept, 5, 2, null)));

        // "a" changed: its new patches no longer show the concept; nothing of the old block stays
        store.upsert(small("a", "r", concept, 0.0f, r));
        store.commit();
        List<Candidate> after = store.candidates(concept, 5, 2, null);
        assertEquals(List.of("b", "a"), ids(after));
        assertTrue(after.get(1).patchScore() < 0.5f);
        assertEquals(2, store.imageCount(null));

        // "b" became unreadable: a failure record replaces image and patches
        store.recordFailure("b", new FileFailure("r", "b.jpg", "cannot be decoded"), 10, 20);
        store.commit();
        assertEquals(List.of("a"), ids(store.candidates(concept, 5, 2, null)));
        assertEquals(List.of(new FileFailure("r", "b.jpg", "cannot be decoded")), store.failures("r"));
        Map<String, IndexedFile> files = store.filesOf("r");
        assertEquals(2, files.size());
        assertTrue(files.get("b.jpg").failed());
        assertEquals(10, files.get("b.jpg").sizeBytes());
        assertFalse(files.get("a.jpg").failed());
        assertEquals("sha-a", files.get("a.jpg").sha256());

        // deleted files take everything with them
        store.delete("a");
        store.delete("b");
        store.commit();
        assertEquals(List.of(), store.candidates(concept, 5, 2, null));
        assertEquals(Map.of(), store.filesOf("r"));
    }

    @OnBothBackends
    @Order(5)
    void uncommittedWritesAreInvisibleAndRemovingARootDeletesItsImagesPatchesAndFailures(Backend backend) {
        LibraryStore store = freshStore(backend, "roots", 0);
        Random r = new Random(5);
        float[] concept = ClusteredVectors.gaussianUnit(r, 16);
        store.upsert(small("k1", "keep", concept, 0.8f, r));
        store.upsert(small("g1", "gone", concept, 0.9f, r));
        store.upsert(small("g2", "gone", concept, 0.7f, r));
        store.recordFailure("g3", new FileFailure("gone", "g3.jpg", "not a photo"), 1, 1);
        assertEquals(0, store.imageCount(null), "nothing is visible before the commit");
        store.commit();
        assertEquals(List.of("g1", "k1", "g2"), ids(store.candidates(concept, 5, 2, null)));
        assertEquals(List.of("k1"), ids(store.candidates(concept, 5, 2, "keep")));
        assertEquals(List.of("g1", "g2"), ids(store.candidates(concept, 5, 2, "gone")));

        store.deleteRoot("gone");
        store.commit();
        assertEquals(List.of("k1"), ids(store.candidates(concept, 5, 2, null)));
        assertEquals(List.of(), store.failures(null));
        assertEquals(1, store.imageCount(null));
        assertEquals(Map.of(), store.filesOf("gone"));
    }

    @OnBothBackends
    @Order(6)
    void textSearchRanksImagesByTheirGlobalVector(Backend backend) {
        LibraryStore store = freshStore(backend, "text", 8);
        Random r = new Random(9);
        float[] query = ClusteredVectors.gaussianUnit(r, 8);
        float[][] globals = new float[6][];
        for (int i = 0; i < 6; i++) {
            globals[i] = mix(query, orthogonal(query, r), 1 - i * 0.15f);
            ImageDocument d = small("t" + i, i < 3 ? "one" : "two", ClusteredVectors.gaussianUnit(r, 16), 0, r);
            store.upsert(new ImageDocument(withGlobal(d.record()), d.gridRows(), d.gridCols(), d.patches(), globals[i]));
        }
        store.commit();
        List<TextHit> hits = store.textSearch(query, 4, null);
        assertEquals(List.of("t0", "t1", "t2", "t3"), hits.stream().map(h -> h.image().id()).toList());
        assertEquals(VectorMath.dot(query, globals[1]), hits.get(1).score(), 1e-4);
        assertTrue(hits.get(0).image().hasGlobalVector());
        assertEquals(List.of("t3", "t4"), store.textSearch(query, 2, "two").stream().map(h -> h.image().id()).toList());
    }

    @OnBothBackends
    @Order(7)
    void laterStartsKeepTheLibraryAndRefuseAnotherPackNamingReindex(Backend backend) throws IOException {
        String name = unique("identity", backend);
        IndexIdentity identity = new IndexIdentity("pack-a", 16, 0, 2);
        LibraryStore first = open(backend, name, identity);
        Random r = new Random(11);
        first.upsert(small("x", "r", ClusteredVectors.gaussianUnit(r, 16), 0, r));
        first.close();

        LibraryStore again = open(backend, name, identity);
        assertEquals(1, again.imageCount(null), "a clean close commits, a later start sees the images");
        again.close();

        PackMismatchException e = assertThrows(PackMismatchException.class,
                () -> open(backend, name, new IndexIdentity("pack-b", 16, 0, 2)));
        assertTrue(e.getMessage().contains("pack-a") && e.getMessage().contains("pack-b")
                && e.getMessage().contains(PackMismatchException.REINDEX_COMMAND), e.getMessage());

        LibraryStore rebuilt = backend(backend, name).recreate(tmp.resolve(name), new IndexIdentity("pack-b", 32, 0, 2), SETTINGS);
        opened.add(rebuilt);
        assertEquals(0, rebuilt.imageCount(null));
        rebuilt.upsert(small("y", "r", ClusteredVectors.gaussianUnit(r, 32), 0, r));
        rebuilt.commit();
        assertEquals(List.of("y"), ids(rebuilt.candidates(ClusteredVectors.gaussianUnit(r, 32), 3, 2, null)));
    }

    @Test
    @Order(8)
    void solrCloudIsReachedThroughSolrBaseUrlsAsThroughZooKeeper() throws IOException {
        List<String> urls = solr.cluster.getJettySolrRunners().stream().map(j -> j.getBaseUrl().toString()).toList();
        try (LibraryStore viaUrls = new SolrBackend(SolrLibrarySettings.urls(urls, "generated"))
                .open(tmp.resolve("urls"), generated.identity(), SETTINGS)) {
            assertEquals(IMAGES, viaUrls.imageCount(null));
            assertEquals(ids(generatedStores.get(Backend.SOLR).candidates(generated.queries[3], 10, 2, null)),
                    ids(viaUrls.candidates(generated.queries[3], 10, 2, null)));
        }
    }

    // ------------------------------------------------------------------------------- replicas

    @Test
    @Order(100)
    void solrCloudKeepsAnsweringWithOneNodeStopped() throws Exception {
        LibraryStore store = generatedStores.get(Backend.SOLR);
        List<String> before = ids(store.candidates(generated.queries[0], 10, 2, null));
        JettySolrRunner stopped = solr.cluster.stopJettySolrRunner(1);
        solr.cluster.waitForJettyToStop(stopped);
        try {
            for (int q = 0; q < 5; q++) {
                List<String> top = ids(store.candidates(generated.queries[q], 10, 2, null));
                assertEquals(generated.exactTop(q, 10), top, "query " + q + " with one node stopped");
            }
            assertEquals(before, ids(store.candidates(generated.queries[0], 10, 2, null)));
            assertEquals(IMAGES, store.imageCount(null));
        } finally {
            solr.cluster.startJettySolrRunner(stopped);
            solr.cluster.waitForAllNodes(30);
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** An image with 4 patches; patch (0,0) has cosine ≈ {@code conceptShare} with {@code concept}. */
    private static ImageDocument small(String id, String root, float[] concept, float conceptShare, Random r) {
        int dim = concept.length;
        List<PatchVector> patches = new ArrayList<>();
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 2; col++) {
                float[] v = row == 0 && col == 0 ? mix(concept, orthogonal(concept, r), conceptShare) : orthogonal(concept, r);
                patches.add(new PatchVector(row, col, v));
            }
        }
        ImageRecord rec = new ImageRecord(id, root, id + ".jpg", "sha-" + id, 100, 200, 64, 48, "p", 4, false);
        return new ImageDocument(rec, 2, 2, patches, null);
    }

    private static ImageRecord withGlobal(ImageRecord r) {
        return new ImageRecord(r.id(), r.rootId(), r.relativePath(), r.sha256(), r.sizeBytes(), r.modifiedMillis(),
                r.width(), r.height(), r.packId(), r.patchCount(), true);
    }

    /** A unit vector orthogonal to {@code to}. */
    private static float[] orthogonal(float[] to, Random r) {
        float[] v = ClusteredVectors.gaussianUnit(r, to.length);
        float d = VectorMath.dot(v, to);
        for (int i = 0; i < v.length; i++) {
            v[i] -= d * to[i];
        }
        VectorMath.normalizeInPlace(v);
        return v;
    }

    /** The unit vector with cosine {@code cos} to {@code a}, in the plane of {@code a} and {@code o} (unit, ⟂ a). */
    private static float[] mix(float[] a, float[] o, float cos) {
        double sin = Math.sqrt(Math.max(0, 1 - cos * cos));
        float[] v = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = (float) (cos * a[i] + sin * o[i]);
        }
        VectorMath.normalizeInPlace(v);
        return v;
    }
}
