package dev.findling.app.library;

import dev.findling.models.mask.BinaryMask;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Masks of recent concept matches, so that the gallery's mask and overlay links cost no second PerSAM run. Bounded
 * by bytes (a mask holds one byte per pixel), least recently used first out; a miss is answered by re-running PerSAM
 * on the image's cached embedding, so eviction never breaks a link. Keys are {@link MatchMemo#key}s.
 */
final class MatchMasks {
    private final long budgetBytes;
    private final LinkedHashMap<String, BinaryMask> masks = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    MatchMasks(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    synchronized void put(String key, BinaryMask mask) {
        long size = (long) mask.width() * mask.height();
        if (size > budgetBytes) {
            return;
        }
        BinaryMask old = masks.put(key, mask);
        if (old != null) {
            bytes -= (long) old.width() * old.height();
        }
        bytes += size;
        for (Iterator<Map.Entry<String, BinaryMask>> it = masks.entrySet().iterator(); bytes > budgetBytes && it.hasNext(); ) {
            Map.Entry<String, BinaryMask> e = it.next();
            bytes -= (long) e.getValue().width() * e.getValue().height();
            it.remove();
        }
    }

    synchronized Optional<BinaryMask> get(String key) {
        return Optional.ofNullable(masks.get(key));
    }

    synchronized int size() {
        return masks.size();
    }
}
