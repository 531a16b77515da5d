package dev.findling.index.solr;

import dev.findling.index.Candidate;
import dev.findling.index.ClusteredVectors;
import dev.findling.index.ImageRecord;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.LibraryStore;
import dev.findling.index.store.PatchVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A generated library of clustered patch vectors ({@link ClusteredVectors}: images showing shared
 * "objects" over their own background) with the exact best-patch score of every image for a set of
 * concept queries — the ground truth recall is measured against. The Solr suite and the Solr-vs-embedded bench
 * both index it (the bench with {@code index}'s {@code BenchLibrary} parameters: seed 42, 256-d).
 */
public final class GeneratedLibrary {
    static final String ROOT = "generated";
    static final String PACK = "generated-clustered";

    final int images;
    final int grid;
    final int dim;
    final ClusteredVectors data;
    final float[][] queries;
    /** exact[q][i]: best-patch cosine of image i for query q. */
    final float[][] exact;

    public GeneratedLibrary(int images, int grid, int dim, int queryCount, long seed) {
        this.images = images;
        this.grid = grid;
        this.dim = dim;
        this.data = new ClusteredVectors(dim, Math.max(50, images / 20), seed);
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

    public IndexIdentity identity() {
        return new IndexIdentity(PACK, dim, 0, grid);
    }

    static String id(int i) {
        return String.format("img%06d", i);
    }

    ImageDocument document(int i) {
        ImageRecord r = new ImageRecord(id(i), ROOT, String.format("photos/img%06d.jpg", i), "0".repeat(64), 1000 + i, 1_700_000_000_000L + i,
                1024, 768, PACK, grid * grid, false);
        return new ImageDocument(r, grid, grid, data.image(i, grid), null);
    }

    public float[] query(int q) {
        return queries[q];
    }

    /** Writes every image in batches of {@code batch} with a commit after each, as an ingestion run does. */
    public void writeTo(LibraryStore store, int batch) {
        for (int i = 0; i < images; i++) {
            store.upsert(document(i));
            if ((i + 1) % batch == 0) {
                store.commit();
            }
        }
        store.commit();
    }

    /** Ids of the {@code k} images with the best exact best-patch score for query {@code q}. */
    List<String> exactTop(int q, int k) {
        Integer[] order = new Integer[images];
        for (int i = 0; i < images; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -exact[q][i]).thenComparing(GeneratedLibrary::id));
        List<String> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(id(order[i]));
        }
        return out;
    }

    /** Share of {@code got} that scores at least the exact {@code k}-th best score (ties count as hits). */
    double recall(int q, List<Candidate> got, int k) {
        float[] sorted = exact[q].clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        long hits = got.stream().limit(k).filter(c -> exact[q][index(c.image().id())] >= kth).count();
        return hits / (double) k;
    }

    /** Recall@k of the store's candidates against the exact ranking, averaged over the queries. */
    public double recallAt(LibraryStore store, int k, int oversample) {
        double sum = 0;
        for (int q = 0; q < queries.length; q++) {
            sum += recall(q, store.candidates(queries[q], k, oversample, null), k);
        }
        return sum / queries.length;
    }

    static int index(String id) {
        return Integer.parseInt(id.substring(3));
    }
}
