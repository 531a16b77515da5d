package dev.findling.personalize.library;

import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.PerSamResult;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PerSAM's results for recent matches, so that a match's mask, overlay or written files cost no second PerSAM run.
 * Bounded by bytes (a mask holds one byte per pixel; a result of several instances holds their masks and their
 * union), least recently used first out. Keys are {@link LibraryConceptSearch#key}s.
 */
final class MatchResults {
    private final long budgetBytes;
    private final LinkedHashMap<String, PerSamResult> results = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    MatchResults(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The pixels a result holds on to. */
    static long bytes(PerSamResult r) {
        long size = pixels(r.mask());
        if (r.instances().size() > 1) {
            for (PerSamResult.Instance i : r.instances()) {
                size += pixels(i.mask());
            }
        }
        return size;
    }

    private static long pixels(BinaryMask mask) {
        return (long) mask.width() * mask.height();
    }

    synchronized void put(String key, PerSamResult result) {
        long size = bytes(result);
        if (size > budgetBytes) {
            return;
        }
        PerSamResult old = results.put(key, result);
        if (old != null) {
            bytes -= bytes(old);
        }
        bytes += size;
        for (Iterator<Map.Entry<String, PerSamResult>> it = results.entrySet().iterator(); bytes > budgetBytes && it.hasNext(); ) {
            Map.Entry<String, PerSamResult> e = it.next();
            bytes -= bytes(e.getValue());
            it.remove();
        }
    }

    synchronized Optional<PerSamResult> get(String key) {
        return Optional.ofNullable(results.get(key));
    }

    synchronized int size() {
        return results.size();
    }
}
