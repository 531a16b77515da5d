package dev.findling.app.library;

import dev.findling.app.concepts.ActivePerSam;
import dev.findling.index.Candidate;
import dev.findling.index.ImageRecord;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.Reranked;
import dev.findling.index.Reranker;
import dev.findling.index.SearchPage;
import dev.findling.index.SearchRequest;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * A concept searched across the library (docs/ARCHITECTURE.md §5): candidates by the concept's {@code target_feat} over the
 * pooled patch vectors, then PerSAM (PerSAM-F when the concept is fine-tuned) on each candidate's cached SAM
 * embedding through the index module's re-ranker hook; ranking by PerSAM's presence score.
 */
@Service
public class ConceptMatches {
    /** The most results one page may hold. */
    public static final int MAX_LIMIT = 100;
    /** Memory for recent match masks (one byte per pixel: about 80 twelve-megapixel masks). */
    static final long MASK_BUDGET_BYTES = 1L << 30;
    /** The overlay tint, the same orange as the concepts feature's overlays. */
    static final int OVERLAY_RGB = 0xFF7A00;

    /** PerSAM decisions remembered per concept and image version (a few hundred bytes each). */
    static final int MEMO_ENTRIES = 200_000;

    private final LibraryService library;
    private final ActivePerSam perSam;
    private final ConceptStore concepts;
    private final int candidates;
    private final MatchMasks masks = new MatchMasks(MASK_BUDGET_BYTES);
    private final MatchMemo decisions = new MatchMemo(MEMO_ENTRIES);

    public ConceptMatches(LibraryService library, ActivePerSam perSam, ConceptStore concepts, ActiveLibrary active) {
        this.library = library;
        this.perSam = perSam;
        this.concepts = concepts;
        this.candidates = active.configuredCandidates();
    }

    /**
     * What PerSAM found in one candidate: its box (the mask itself goes to the mask cache).
     *
     * @param box        the found mask's bounding box in original pixels, null when not found
     * @param peak       the confidence map's maximum (cosine similarity to the concept)
     * @param iou        the decoder's IoU estimate of the final mask
     * @param fineTuned  whether PerSAM-F's weights were used
     */
    public record Match(PixelBox box, float peak, float iou, boolean fineTuned) {
    }

    /**
     * One page of the concept's matches.
     *
     * @param includeNotFound also return candidates PerSAM judged absent (ranked after the found ones)
     * @throws dev.findling.personalize.ConceptNotFoundException    unknown concept (404)
     * @throws ConceptPackMismatchException                         the concept was made with another pack (409)
     */
    public SearchPage<Match> search(String conceptId, int offset, int limit, double minScore, boolean includeNotFound) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + " but is " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but is " + offset);
        }
        Concept concept = concepts.load(conceptId);
        PhotoLibrary lib = library.library();
        PerSam ps = perSam.require();
        if (!concept.packId().equals(lib.packId())) {
            throw new ConceptPackMismatchException(concept.packId(), lib.packId());
        }
        // Enough candidates to fill the requested page even when some are judged absent.
        int k = Math.min(SearchRequest.MAX_CANDIDATES, Math.max(candidates, offset + limit));
        SearchRequest request = SearchRequest.of(concept.targetFeat()).withCandidates(k).withPage(offset, limit)
                .withMinScore(minScore).withIncludeNotFound(includeNotFound);
        String packId = lib.packId();
        return lib.search(request, new Reranker<>() {
            @Override
            public Optional<Reranked<Match>> known(Candidate candidate) {
                return decisions.get(MatchMemo.key(concept, packId, candidate.image()));
            }

            @Override
            public Reranked<Match> rerank(Candidate candidate, ImageEmbedding embedding) {
                PerSamResult r = ps.segment(concept, embedding);
                String key = MatchMemo.key(concept, packId, candidate.image());
                if (r.found()) {
                    masks.put(key, r.mask());
                }
                Match m = new Match(r.box().orElse(null), r.peakConfidence(), r.iouEstimate(), r.fineTuned());
                Reranked<Match> decision = r.found() ? Reranked.found(r.score(), m) : Reranked.notFound(r.score(), m);
                decisions.put(key, decision);
                return decision;
            }
        });
    }

    /**
     * The concept's mask in a library image, 0/255 PNG: from the cache, or PerSAM re-run on the cached embedding.
     * An image where the concept is absent gives an empty mask.
     */
    public byte[] maskPng(String conceptId, String imageId) {
        return MaskImages.toPng(mask(conceptId, imageId));
    }

    /** The image with the concept's mask tinted. */
    public byte[] overlayPng(String conceptId, String imageId) {
        BinaryMask mask = mask(conceptId, imageId);
        PhotoLibrary lib = library.library();
        RgbImage image;
        try {
            image = ImageDecoder.read(Files.readAllBytes(lib.file(imageId)), lib.settings().imageLimits());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the library image " + imageId + " (was it moved? re-index its root)", e);
        }
        return Cutouts.overlayPng(image, mask, OVERLAY_RGB);
    }

    private BinaryMask mask(String conceptId, String imageId) {
        Concept concept = concepts.load(conceptId);
        PhotoLibrary lib = library.library();
        ImageRecord image = lib.image(imageId);
        String key = MatchMemo.key(concept, lib.packId(), image);
        return masks.get(key).orElseGet(() -> {
            if (!concept.packId().equals(lib.packId())) {
                throw new ConceptPackMismatchException(concept.packId(), lib.packId());
            }
            PerSamResult r = perSam.require().segment(concept, lib.embedding(imageId));
            if (r.found()) {
                masks.put(key, r.mask());
            }
            return r.mask();
        });
    }
}
