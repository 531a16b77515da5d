package dev.findling.app.segmentation;

import dev.findling.app.system.NotFoundException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps recent text-segmentation results in memory so that their PNG links work: least recently used first
 * out, bounded by count and by an estimate of the bytes held, and forgotten after {@link #timeToLive()}.
 * Ids are 128 random bits, so one client cannot guess another's results. A restart forgets everything; a
 * client that needs a result for longer downloads its PNGs and the RLE in the report.
 */
@Component
public class SegmentationResultStore {
    /** Enough for several users' recent queries; a result is small next to the images most photos give. */
    static final int DEFAULT_MAX_ENTRIES = 64;
    /** A quarter of the heap at most, and never more than 512 MB: the store must not compete with the models. */
    static final long DEFAULT_MAX_BYTES = Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4);
    /** Long enough to look at a result and download its files. */
    static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int maxEntries;
    private final long maxBytes;
    private final Duration timeToLive;
    private final Clock clock;
    private final LinkedHashMap<String, StoredSegmentation> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    @Autowired
    public SegmentationResultStore() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES, DEFAULT_TIME_TO_LIVE, Clock.systemUTC());
    }

    SegmentationResultStore(int maxEntries, long maxBytes, Duration timeToLive, Clock clock) {
        if (maxEntries < 1 || maxBytes < 1 || timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("the result store needs room for at least one result for some time, but got "
                    + maxEntries + " entries, " + maxBytes + " bytes, " + timeToLive);
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** A fresh id: 22 URL-safe characters. */
    public String newId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    public Instant now() {
        return clock.instant();
    }

    public Duration timeToLive() {
        return timeToLive;
    }

    /**
     * Keeps a result, evicting the least recently used ones while over the limits. A result larger than the whole
     * byte budget is still kept (alone), so that the links of the response that created it work.
     */
    public synchronized void put(StoredSegmentation result) {
        StoredSegmentation previous = entries.put(result.id(), result);
        if (previous != null) {
            bytes -= previous.estimatedBytes();
        }
        bytes += result.estimatedBytes();
        removeExpired();
        Iterator<Map.Entry<String, StoredSegmentation>> it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<String, StoredSegmentation> oldest = it.next();
            if (oldest.getKey().equals(result.id())) {
                continue;
            }
            bytes -= oldest.getValue().estimatedBytes();
            it.remove();
        }
    }

    public synchronized Optional<StoredSegmentation> find(String id) {
        removeExpired();
        return Optional.ofNullable(entries.get(id));
    }

    /** @throws NotFoundException when the id is unknown or its result has expired or been evicted */
    public StoredSegmentation require(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("text segmentation result (results are kept for "
                + timeToLive.toMinutes() + " minutes; run the query again)", id));
    }

    public synchronized int size() {
        return entries.size();
    }

    private void removeExpired() {
        Instant oldestAllowed = clock.instant().minus(timeToLive);
        Iterator<StoredSegmentation> it = entries.values().iterator();
        while (it.hasNext()) {
            StoredSegmentation s = it.next();
            if (s.created().isBefore(oldestAllowed)) {
                bytes -= s.estimatedBytes();
                it.remove();
            }
        }
    }
}
