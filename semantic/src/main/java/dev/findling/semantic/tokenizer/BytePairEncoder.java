package dev.findling.semantic.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's word-level BPE over token ids. A word starts as one symbol per UTF-8 byte (the last one
 * carrying {@code </w>}); then, as long as some adjacent pair has a merge rank, the lowest-ranked pair
 * is merged everywhere in the word, left to right without overlaps. Working on ids rather than strings
 * is exact because every symbol a merge can produce is itself a vocabulary token.
 *
 * <p>Results are cached per word like CLIP's {@code self.cache}, but bounded: a service sees an
 * unbounded stream of words, so the cache is emptied when it reaches {@link #CACHE_LIMIT} entries.
 * Thread-safe.
 */
final class BytePairEncoder {
    static final int CACHE_LIMIT = 65_536;

    private final int[] byteSymbol = new int[256];
    private final int[] byteEndSymbol = new int[256];
    private final MergeTable merges;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BytePairEncoder(BpeVocabulary vocabulary) {
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf(ByteLevelAlphabet.charOf(b));
            byteSymbol[b] = vocabulary.id(c);
            byteEndSymbol[b] = vocabulary.id(c + BpeVocabulary.END_OF_WORD);
        }
        List<String[]> list = vocabulary.merges();
        merges = new MergeTable(list.size());
        for (int rank = 0; rank < list.size(); rank++) {
            String[] m = list.get(rank);
            int left = vocabulary.id(m[0]);
            int right = vocabulary.id(m[1]);
            int merged = vocabulary.id(m[0] + m[1]);
            if (left >= 0 && right >= 0 && merged >= 0) {
                // A pair listed twice keeps its last rank, as Python's dict(zip(merges, range(...))) does.
                merges.put(left, right, rank, merged);
            }
        }
    }

    /** The BPE ids of one pre-token (a word, a digit, a run of symbols), given as its UTF-8 bytes. */
    int[] encodeWord(String word, byte[] utf8) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] ids = merge(utf8);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(word, ids);
        return ids;
    }

    int cacheSize() {
        return cache.size();
    }

    private int[] merge(byte[] utf8) {
        int n = utf8.length;
        int[] word = new int[n];
        for (int i = 0; i < n; i++) {
            int b = utf8[i] & 0xff;
            word[i] = i == n - 1 ? byteEndSymbol[b] : byteSymbol[b];
        }
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestLeft = -1;
            int bestRight = -1;
            int bestMerged = -1;
            for (int i = 0; i + 1 < n; i++) {
                long entry = merges.get(word[i], word[i + 1]);
                if (entry >= 0 && (int) (entry >>> 32) < bestRank) {
                    bestRank = (int) (entry >>> 32);
                    bestLeft = word[i];
                    bestRight = word[i + 1];
                    bestMerged = (int) entry;
                }
            }
            if (bestMerged < 0) {
                break;
            }
            int out = 0;
            for (int i = 0; i < n; ) {
                if (i + 1 < n && word[i] == bestLeft && word[i + 1] == bestRight) {
                    word[out++] = bestMerged;
                    i += 2;
                } else {
                    word[out++] = word[i++];
                }
            }
            n = out;
        }
        return n == word.length ? word : Arrays.copyOf(word, n);
    }

    /** Open-addressing map (left id, right id) → (rank, merged id), packed in a long; no boxing on the hot path. */
    private static final class MergeTable {
        private final long[] keys;
        private final long[] values;
        private final int mask;

        MergeTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new long[capacity];
            values = new long[capacity];
            Arrays.fill(keys, -1L);
            mask = capacity - 1;
        }

        void put(int left, int right, int rank, int merged) {
            long key = key(left, right);
            int slot = slot(key);
            while (keys[slot] != -1L && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = ((long) rank << 32) | (merged & 0xffffffffL);
        }

        /** (rank << 32 | merged id), or −1 when the pair has no merge. */
        long get(int left, int right) {
            long key = key(left, right);
            int slot = slot(key);
            while (true) {
                long k = keys[slot];
                if (k == key) {
                    return values[slot];
                }
                if (k == -1L) {
                    return -1L;
                }
                slot = (slot + 1) & mask;
            }
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xffffffffL);
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }
    }
}
