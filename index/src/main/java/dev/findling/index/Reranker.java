package dev.findling.index;

import dev.findling.models.sam.ImageEmbedding;

import java.util.Optional;

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

    /**
     * A result the re-ranker already has for this candidate (e.g. from an earlier search of the same
     * concept over the same image content); when present, the embedding is not loaded and
     * {@link #rerank} is not called. Empty by default.
     */
    default Optional<Reranked<R>> known(Candidate candidate) {
        return Optional.empty();
    }
}
