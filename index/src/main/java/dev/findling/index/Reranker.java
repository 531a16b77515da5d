package dev.findling.index;

import dev.findling.models.sam.ImageEmbedding;

/**
 * Scores one candidate exactly, e.g. PerSAM on the image's SAM embedding. Called concurrently from
 * the library's re-ranking pool, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface Reranker<R> {
    /**
     * @param candidate the candidate retrieved by its best patch
     * @param embedding the image's full SAM embedding (from the cache, or re-encoded)
     */
    Reranked<R> rerank(Candidate candidate, ImageEmbedding embedding) throws Exception;
}
