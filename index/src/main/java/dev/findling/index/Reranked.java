package dev.findling.index;

/**
 * A re-ranker's verdict on one candidate.
 *
 * @param found  whether the concept is present (not-found results are filtered out by default)
 * @param score  ranking score, higher is better (e.g. PerSAM's presence score)
 * @param detail the caller's result (e.g. the mask), carried through to the {@link SearchHit}
 */
public record Reranked<R>(boolean found, double score, R detail) {
    public static <R> Reranked<R> found(double score, R detail) {
        return new Reranked<>(true, score, detail);
    }

    public static <R> Reranked<R> notFound(double score, R detail) {
        return new Reranked<>(false, score, detail);
    }
}
