package dev.findling.app.library;

import dev.findling.app.packs.ActivePerSam;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.SearchPage;
import dev.findling.index.SearchRequest;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.OverlayColors;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.library.LibraryConceptSearch;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The library page's and API's concept search (docs/ARCHITECTURE.md §5): personalize's {@link LibraryConceptSearch} (shared with
 * {@code find --library}, so both see the same remembered decisions) over the active library and a stored concept,
 * plus the match's mask and overlay PNGs.
 */
@Service
public class ConceptMatches {
    /** The most results one page may hold. */
    public static final int MAX_LIMIT = 100;

    private final LibraryService library;
    private final ActivePerSam perSam;
    private final ConceptStore concepts;
    private final LibraryConceptSearch search;
    private final int candidates;

    public ConceptMatches(LibraryService library, ActivePerSam perSam, ConceptStore concepts, ActiveLibrary active,
                          LibraryConceptSearch search) {
        this.library = library;
        this.perSam = perSam;
        this.concepts = concepts;
        this.search = search;
        this.candidates = active.configuredCandidates();
    }

    /**
     * One page of the concept's matches.
     *
     * @param includeNotFound also return candidates PerSAM judged absent (ranked after the found ones)
     * @throws dev.findling.personalize.ConceptNotFoundException     unknown concept (404)
     * @throws dev.findling.personalize.ConceptPackMismatchException the concept was made with another pack (409)
     */
    public SearchPage<LibraryConceptSearch.Match> search(String conceptId, int offset, int limit, double minScore,
                                                         boolean includeNotFound) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + " but is " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but is " + offset);
        }
        var concept = concepts.load(conceptId);
        // Enough candidates to fill the requested page even when some are judged absent.
        int k = Math.min(SearchRequest.MAX_CANDIDATES, Math.max(candidates, offset + limit));
        SearchRequest request = SearchRequest.of(concept.targetFeat()).withCandidates(k).withPage(offset, limit)
                .withMinScore(minScore).withIncludeNotFound(includeNotFound);
        return search.search(library.library(), perSam.require(), concept, request);
    }

    /**
     * The concept's mask in a library image, 0/255 PNG: from the search's cache, or PerSAM re-run on the cached
     * embedding. An image where the concept is absent gives an empty mask.
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
        return Cutouts.overlayPng(image, mask, OverlayColors.CONCEPT);
    }

    private BinaryMask mask(String conceptId, String imageId) {
        return search.result(library.library(), perSam.require(), concepts.load(conceptId), imageId).mask();
    }
}
