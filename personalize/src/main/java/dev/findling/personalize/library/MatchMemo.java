package dev.findling.personalize.library;

import dev.findling.index.Reranked;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What PerSAM decided for a concept in a library image, remembered so that paging through a concept's matches,
 * changing {@code minScore} or coming back to the gallery re-runs only the index query. Keys are
 * {@link LibraryConceptSearch#key}s. Least recently used entries go first.
 */
final class MatchMemo {
    private final int maxEntries;
    private final LinkedHashMap<String, Reranked<LibraryConceptSearch.Match>> entries = new LinkedHashMap<>(256, 0.75f, true);

    MatchMemo(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive but is " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    synchronized Optional<Reranked<LibraryConceptSearch.Match>> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, Reranked<LibraryConceptSearch.Match> decision) {
        entries.put(key, decision);
        for (Iterator<Map.Entry<String, Reranked<LibraryConceptSearch.Match>>> it = entries.entrySet().iterator();
             entries.size() > maxEntries && it.hasNext(); ) {
            it.next();
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
