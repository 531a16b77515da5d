package dev.findling.index;

/**
 * A concept search.
 *
 * @param targetFeat      the concept's L2-normalised {@code target_feat} (the pack's embedding dimension, 256 for SAM)
 * @param candidates      how many images to retrieve by best patch and re-rank
 * @param offset          page start within the re-ranked results
 * @param limit           page size
 * @param minScore        results scoring below this are dropped
 * @param includeNotFound keep results the re-ranker marked not found (they rank after found ones)
 * @param rootId          restrict to one root, or null for the whole library
 */
public record SearchRequest(float[] targetFeat, int candidates, int offset, int limit, double minScore,
                            boolean includeNotFound, String rootId) {
    public static final int MAX_CANDIDATES = 1000;

    public SearchRequest {
        if (targetFeat == null || targetFeat.length == 0) {
            throw new IllegalArgumentException("targetFeat must be a non-empty vector");
        }
        if (candidates < 1 || candidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException("candidates must be 1.." + MAX_CANDIDATES + " but is " + candidates);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but is " + offset);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but is " + limit);
        }
        if (Double.isNaN(minScore)) {
            // NaN compares false with every score, so it would silently drop every result.
            throw new IllegalArgumentException("minScore must be a number (e.g. 0.5) but is NaN");
        }
    }

    /** 100 candidates, first page of 20, found results only, no score floor, whole library. */
    public static SearchRequest of(float[] targetFeat) {
        return new SearchRequest(targetFeat, 100, 0, 20, Double.NEGATIVE_INFINITY, false, null);
    }

    public SearchRequest withCandidates(int k) {
        return new SearchRequest(targetFeat, k, offset, limit, minScore, includeNotFound, rootId);
    }

    public SearchRequest withPage(int newOffset, int newLimit) {
        return new SearchRequest(targetFeat, candidates, newOffset, newLimit, minScore, includeNotFound, rootId);
    }

    public SearchRequest withMinScore(double score) {
        return new SearchRequest(targetFeat, candidates, offset, limit, score, includeNotFound, rootId);
    }

    public SearchRequest withIncludeNotFound(boolean include) {
        return new SearchRequest(targetFeat, candidates, offset, limit, minScore, include, rootId);
    }

    public SearchRequest withRoot(String root) {
        return new SearchRequest(targetFeat, candidates, offset, limit, minScore, includeNotFound, root);
    }
}
