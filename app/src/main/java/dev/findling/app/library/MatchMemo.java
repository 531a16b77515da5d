package dev.findling.app.library;

import dev.findling.index.ImageRecord;
import dev.findling.index.Reranked;
import dev.findling.personalize.Concept;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What PerSAM decided for a concept in a library image, remembered so that paging through a concept's matches,
 * changing {@code minScore} or coming back to the gallery re-runs only the index query, not PerSAM on every
 * candidate again. The key names everything the decision depends on: the concept as created (its id and creation
 * time — a concept deleted and made again under the same id is a new key; concepts are immutable otherwise), the
 * pack, and the image's content hash (a changed file is a new key). Least recently used entries go first.
 */
final class MatchMemo {
    private final int maxEntries;
    private final LinkedHashMap<String, Reranked<ConceptMatches.Match>> entries = new LinkedHashMap<>(256, 0.75f, true);

    MatchMemo(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive but is " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The key of one concept's decision (and mask) in one version of one image. */
    static String key(Concept concept, String packId, ImageRecord image) {
        return concept.id() + "@" + concept.createdAt().toEpochMilli() + "/" + packId + "/" + image.id() + "/" + image.sha256();
    }

    synchronized Optional<Reranked<ConceptMatches.Match>> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, Reranked<ConceptMatches.Match> decision) {
        entries.put(key, decision);
        for (Iterator<Map.Entry<String, Reranked<ConceptMatches.Match>>> it = entries.entrySet().iterator();
             entries.size() > maxEntries && it.hasNext(); ) {
            it.next();
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
