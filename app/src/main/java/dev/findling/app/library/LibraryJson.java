package dev.findling.app.library;

import dev.findling.index.ImageRecord;
import dev.findling.index.SearchHit;
import dev.findling.index.SearchPage;
import dev.findling.index.TextHit;
import dev.findling.models.mask.PixelBox;
import dev.findling.personalize.library.LibraryConceptSearch;

import java.util.List;
import java.util.Map;

/** The library API's JSON shapes. Paths are relative to their root, '/'-separated; links are absolute paths. */
public final class LibraryJson {
    private LibraryJson() {
    }

    /** A root: counts, its last ingestion run and the active ingestion job (null when idle). */
    public record Root(String id, String path, int images, int failed, IngestionRuns.Run lastRun, String activeJobId,
                       Map<String, String> links) {
        static Root of(LibraryService.RootView v) {
            return new Root(v.id(), v.path().toString(), v.images(), v.failed(), v.lastRun(), v.activeJobId(), Map.of(
                    "self", "/api/library/roots/" + v.id(),
                    "ingest", "/api/library/roots/" + v.id() + "/ingest",
                    "images", "/api/library/roots/" + v.id() + "/images",
                    "failures", "/api/library/roots/" + v.id() + "/failures"));
        }
    }

    /** Body of {@code POST /api/library/roots}. */
    public record AddRoot(String path) {
    }

    public record Box(int x0, int y0, int x1, int y1) {
        static Box of(PixelBox b) {
            return b == null ? null : new Box(b.x0(), b.y0(), b.x1(), b.y1());
        }
    }

    /** One indexed image. */
    public record Image(String imageId, String rootId, String path, int width, int height, long sizeBytes,
                        String sha256, Map<String, String> links) {
        static Image of(ImageRecord r) {
            return new Image(r.id(), r.rootId(), r.relativePath(), r.width(), r.height(), r.sizeBytes(), r.sha256(),
                    imageLinks(r.id()));
        }
    }

    static Map<String, String> imageLinks(String imageId) {
        return Map.of("self", "/api/library/images/" + imageId,
                "thumbnail", "/api/library/images/" + imageId + "/thumbnail.jpg",
                "file", "/api/library/images/" + imageId + "/file");
    }

    /** A page of images. */
    public record Images(String rootId, int total, int offset, int limit, List<Image> items) {
    }

    /** One concept match: where PerSAM found the concept, and links to its mask and overlay. */
    public record MatchItem(String imageId, String rootId, String path, int width, int height, boolean found,
                            double score, float patchScore, Box box, float peakConfidence, float iouEstimate,
                            boolean fineTuned, Map<String, String> links) {
        static MatchItem of(String conceptId, SearchHit<LibraryConceptSearch.Match> h) {
            ImageRecord r = h.image();
            String base = "/api/concepts/" + conceptId + "/matches/" + r.id();
            return new MatchItem(r.id(), r.rootId(), r.relativePath(), r.width(), r.height(), h.found(), h.score(),
                    h.candidate().patchScore(), Box.of(h.detail().box()), h.detail().peak(), h.detail().iou(),
                    h.detail().fineTuned(), Map.of(
                    "mask", base + "/mask.png",
                    "overlay", base + "/overlay.png",
                    "thumbnail", "/api/library/images/" + r.id() + "/thumbnail.jpg",
                    "file", "/api/library/images/" + r.id() + "/file"));
        }
    }

    /**
     * A page of concept matches.
     *
     * @param total      found results (passing minScore) across all pages
     * @param candidates images retrieved by the index and re-ranked by PerSAM
     * @param failures   candidates that could not be re-ranked (e.g. the file vanished), with reasons
     */
    public record Matches(String conceptId, int total, int offset, int limit, int candidates, List<MatchItem> items,
                          List<Map<String, String>> failures) {
        static Matches of(String conceptId, SearchPage<LibraryConceptSearch.Match> page) {
            return new Matches(conceptId, page.totalHits(), page.offset(), page.limit(), page.candidates(),
                    page.hits().stream().map(h -> MatchItem.of(conceptId, h)).toList(),
                    page.failures().stream().map(f -> Map.of("rootId", f.rootId(), "path", f.relativePath(),
                            "reason", f.reason())).toList());
        }
    }

    /** One text-search result. */
    public record TextItem(String imageId, String rootId, String path, int width, int height, float score,
                           Map<String, String> links) {
        static TextItem of(TextHit h) {
            ImageRecord r = h.image();
            return new TextItem(r.id(), r.rootId(), r.relativePath(), r.width(), r.height(), h.score(), imageLinks(r.id()));
        }
    }

    /** Text-search results, best first; {@code understood=false} with a message when the pack knows none of the words. */
    public record TextSearch(String query, boolean understood, String message, List<TextItem> items) {
        static TextSearch of(LibraryService.TextResults r) {
            return new TextSearch(r.query(), r.understood(), r.message(), r.hits().stream().map(TextItem::of).toList());
        }
    }
}
