package dev.findling.index.solr.bench;

import dev.findling.index.Candidate;
import dev.findling.index.ClusteredVectors;
import dev.findling.index.ImageRecord;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.LibraryStore;
import dev.findling.index.store.PatchVector;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** The benchmark's generated library (as {@code index}'s {@code BenchLibrary}: seed 42, 256-d) with exact truth. */
final class BenchVectors {
    private static final int DIM = 256;
    private static final long SEED = 42;

    final int images;
    final int grid;
    private final ClusteredVectors data;
    private final float[][] queries;
    private final float[][] exact;

    BenchVectors(int images, int grid, int queryCount) {
        this.images = images;
        this.grid = grid;
        this.data = new ClusteredVectors(DIM, Math.max(50, images / 20), SEED);
        this.queries = new float[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            queries[q] = data.query(q);
        }
        this.exact = new float[queryCount][images];
        IntStream.range(0, images).parallel().forEach(i -> {
            List<PatchVector> patches = data.image(i, grid);
            for (int q = 0; q < queryCount; q++) {
                exact[q][i] = ClusteredVectors.bestPatch(patches, queries[q]);
            }
        });
    }

    IndexIdentity identity() {
        return new IndexIdentity("bench-clustered", DIM, 0, grid);
    }

    float[] query(int q) {
        return queries[q];
    }

    /** Upserts every image with a commit every {@code commitEvery}, then the end-of-run merge. */
    void writeAsIngestionDoes(LibraryStore store, int commitEvery) {
        for (int i = 0; i < images; i++) {
            ImageRecord r = new ImageRecord(String.format("img%06d", i), "bench", "img" + i + ".jpg",
                    "0".repeat(64), 1, 1, 1024, 768, "bench-clustered", grid * grid, false);
            store.upsert(new ImageDocument(r, grid, grid, data.image(i, grid), null));
            if ((i + 1) % commitEvery == 0) {
                store.commit();
            }
        }
        store.commit();
        store.mergeForSearch();
    }

    /** Recall@k of the store's candidates against exact best-patch ranking, averaged over the queries. */
    double recallAt(LibraryStore store, int k, int oversample) {
        double sum = 0;
        for (int q = 0; q < queries.length; q++) {
            float[] scores = exact[q];
            float[] sorted = scores.clone();
            Arrays.sort(sorted);
            float kth = sorted[sorted.length - k];
            List<Candidate> got = store.candidates(queries[q], k, oversample, null);
            long hits = got.stream().filter(c -> scores[Integer.parseInt(c.image().id().substring(3))] >= kth).count();
            sum += hits / (double) k;
        }
        return sum / queries.length;
    }
}
