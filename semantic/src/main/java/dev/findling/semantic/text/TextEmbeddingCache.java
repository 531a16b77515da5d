package dev.findling.semantic.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded LRU cache of class embeddings keyed by (normalised class name, pack id). A class costs 80
 * text-encoder runs, so a service keeps recent ones; embeddings of different packs never mix because
 * the pack id is part of the key. Thread-safe; the lock is never held while a text encoder runs.
 */
public final class TextEmbeddingCache {
    /** Default capacity: class names are short and embeddings small (≤ 1024 floats), so a few thousand cost a few MB. */
    public static final int DEFAULT_CAPACITY = 4096;

    private record Key(String normalizedClass, String packId) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, ClassEmbedding> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public TextEmbeddingCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1 but is " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ClassEmbedding> eldest) {
                return size() > TextEmbeddingCache.this.capacity;
            }
        };
    }

    /** The cached embedding, counting a hit or a miss. */
    ClassEmbedding get(String normalizedClass, String packId) {
        ClassEmbedding e;
        synchronized (entries) {
            e = entries.get(new Key(normalizedClass, packId));
        }
        (e == null ? misses : hits).incrementAndGet();
        return e;
    }

    void put(String normalizedClass, String packId, ClassEmbedding embedding) {
        synchronized (entries) {
            entries.put(new Key(normalizedClass, packId), embedding);
        }
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
