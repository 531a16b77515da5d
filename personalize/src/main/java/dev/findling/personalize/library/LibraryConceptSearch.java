package dev.findling.personalize.library;

import dev.findling.index.Candidate;
import dev.findling.index.ImageRecord;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.Reranked;
import dev.findling.index.Reranker;
import dev.findling.index.SearchPage;
import dev.findling.index.SearchRequest;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.PerSamResult;

import java.util.Optional;

/**
 * A concept searched across a photo library — the one implementation behind the library page, its API and
 * {@code find --library}: candidates by the concept's {@code target_feat} over the pooled patch vectors, then PerSAM
 * (PerSAM-F when the concept is fine-tuned) on each candidate's cached SAM embedding through the index module's
 * {@link Reranker} hook, ranked by PerSAM's presence score.
 *
 * <p>PerSAM runs once per candidate: its decision is remembered ({@link MatchMemo}) so paging, a changed
 * {@code minScore} or a second search re-run only the index query, and its full result (the mask with it) is kept
 * in a byte-bounded cache ({@link MatchResults}) so that the mask, overlay and written files of a match cost no
 * second run. Eviction never breaks anything: a miss re-runs PerSAM on the cached embedding.
 *
 * <p>Thread-safe; one instance serves every library and pack (the keys name both).
 */
public final class LibraryConceptSearch {
    /** Memory for recent match results (one byte per mask pixel: about 80 twelve-megapixel masks). */
    public static final long DEFAULT_RESULT_BUDGET_BYTES = 1L << 30;
    /** PerSAM decisions remembered per concept, options and image version (a few hundred bytes each). */
    public static final int DEFAULT_MEMO_ENTRIES = 200_000;

    /**
     * What PerSAM found in one candidate, without the mask ({@link #result} has it).
     *
     * @param box        the found mask's bounding box in original pixels, null when not found
     * @param peak       the confidence map's maximum (cosine similarity to the concept)
     * @param iou        the decoder's IoU estimate of the final mask
     * @param fineTuned  whether PerSAM-F's weights were used
     */
    public record Match(PixelBox box, float peak, float iou, boolean fineTuned) {
    }

    private final MatchMemo decisions;
    private final MatchResults results;

    public LibraryConceptSearch() {
        this(DEFAULT_RESULT_BUDGET_BYTES, DEFAULT_MEMO_ENTRIES);
    }

    public LibraryConceptSearch(long resultBudgetBytes, int memoEntries) {
        this.decisions = new MatchMemo(memoEntries);
        this.results = new MatchResults(resultBudgetBytes);
    }

    /**
     * One page of the concept's matches.
     *
     * @param perSam  PerSAM over the library's pack, with the options to decide by
     * @param request the index query: {@code concept.targetFeat()} with paging, root and score filters
     * @throws dev.findling.personalize.ConceptPackMismatchException when the concept was made with another pack
     */
    public SearchPage<Match> search(PhotoLibrary library, PerSam perSam, Concept concept, SearchRequest request) {
        perSam.requireSamePack(concept);
        return library.search(request, new Reranker<>() {
            @Override
            public Optional<Reranked<Match>> known(Candidate candidate) {
                return decisions.get(key(perSam, concept, candidate.image()));
            }

            @Override
            public Reranked<Match> rerank(Candidate candidate, ImageEmbedding embedding) {
                PerSamResult r = perSam.segment(concept, embedding);
                String key = key(perSam, concept, candidate.image());
                if (r.found()) {
                    results.put(key, r);
                }
                Match m = new Match(r.box().orElse(null), r.peakConfidence(), r.iouEstimate(), r.fineTuned());
                Reranked<Match> decision = r.found() ? Reranked.found(r.score(), m) : Reranked.notFound(r.score(), m);
                decisions.put(key, decision);
                return decision;
            }
        });
    }

    /**
     * PerSAM's full result for the concept in one library image: from the cache when a search found it there, or
     * PerSAM re-run on the cached embedding. Where the concept is absent the result's mask is empty.
     *
     * @throws dev.findling.personalize.ConceptPackMismatchException when the concept was made with another pack
     * @throws dev.findling.index.UnknownImageException               when the library has no such image
     */
    public PerSamResult result(PhotoLibrary library, PerSam perSam, Concept concept, String imageId) {
        perSam.requireSamePack(concept);
        ImageRecord image = library.image(imageId);
        String key = key(perSam, concept, image);
        return results.get(key).orElseGet(() -> {
            PerSamResult r = perSam.segment(concept, library.embedding(imageId));
            if (r.found()) {
                results.put(key, r);
            }
            return r;
        });
    }

    /**
     * Everything a decision depends on: the concept as created (its id and creation time — a concept deleted and
     * made again under the same id is a new key; concepts are immutable otherwise), the pack, the options that
     * decide presence, and the image's content hash (a changed file is a new key).
     */
    static String key(PerSam perSam, Concept concept, ImageRecord image) {
        PerSamOptions o = perSam.options();
        return concept.id() + "@" + concept.createdAt().toEpochMilli() + "/" + perSam.packId()
                + "/t" + o.presenceThreshold() + ",n" + o.maxInstances() + ",f" + o.useFineTuning() + ",o" + o.maxInstanceOverlap()
                + "/" + image.id() + "/" + image.sha256();
    }
}
