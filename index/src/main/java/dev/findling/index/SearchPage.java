package dev.findling.index;

import java.util.List;

/**
 * One page of a concept search.
 *
 * @param hits        the page, best first
 * @param totalHits   results that passed the filters (found, minScore), across all pages
 * @param offset      the requested offset
 * @param limit       the requested page size
 * @param candidates  images retrieved and re-ranked
 * @param failures    candidates the re-ranker could not score (e.g. the file vanished); never fatal
 */
public record SearchPage<R>(List<SearchHit<R>> hits, int totalHits, int offset, int limit, int candidates,
                            List<FileFailure> failures) {
    public SearchPage {
        hits = List.copyOf(hits);
        failures = List.copyOf(failures);
    }
}
