package dev.findling.index.cache;

import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.geometry.ResizeGeometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Full SAM embeddings on disk, fp16, keyed by (content SHA-256, pack id), bounded in size with LRU
 * eviction. The encoder is the expensive step (seconds per image for real SAM), so an image is
 * encoded once and every later search or re-index reads it from here.
 *
 * <p>Entry layout (little endian): magic "FLEMB1\0\0", CRC32 of everything after the CRC field,
 * then packId (u16 length + UTF-8), channels, gridHeight, gridWidth, the five {@link ResizeGeometry}
 * ints, then C·h·w fp16 values in the embedding's C×h×w order. A CRC mismatch or a short file is
 * treated as a miss and the entry is deleted, so the caller re-encodes.
 *
 * <p>Writes go to a temp file that is atomically renamed, so readers never see a half-written entry
 * and a killed process leaves at most a stray temp file (removed on the next open). The access time
 * is the entry file's mtime, touched on every hit, so LRU order survives restarts.
 */
public final class EmbeddingCache {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
    private static final byte[] MAGIC = "FLEMB1\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".f16";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;
    private final long maxBytes;
    /** Guarded by this: file → (size, last access). */
    private final Map<Path, Entry> entries = new HashMap<>();
    private long totalBytes;
    private long hits;
    private long misses;
    private long corrupt;
    private long evictions;
    private long accessClock;

    private record Entry(long sizeBytes, long lastAccessMillis) {
    }

    /** Cache statistics since this instance was opened. */
    public record Stats(int entries, long totalBytes, long maxBytes, long hits, long misses, long corruptEntries,
                        long evictions) {
    }

    private EmbeddingCache(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    public static EmbeddingCache open(Path directory, long maxBytes) {
        EmbeddingCache cache = new EmbeddingCache(directory, maxBytes);
        try {
            Files.createDirectories(directory);
            cache.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the embedding cache at " + directory, e);
        }
        return cache;
    }

    private void load() throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                if (name.endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(p); // left by a killed writer
                } else if (name.endsWith(SUFFIX)) {
                    long size = Files.size(p);
                    long accessed = Files.getLastModifiedTime(p).toMillis();
                    entries.put(p, new Entry(size, accessed));
                    totalBytes += size;
                    accessClock = Math.max(accessClock, accessed);
                }
            }
        }
        synchronized (this) {
            evictOverBudget(null);
        }
    }

    /** The cached embedding, or empty on a miss (including a corrupt entry, which is deleted). */
    public Optional<ImageEmbedding> get(String sha256, String packId) {
        Path file = fileFor(sha256, packId);
        synchronized (this) {
            if (!entries.containsKey(file)) {
                misses++;
                return Optional.empty();
            }
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            forget(file);
            synchronized (this) {
                misses++;
            }
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read cached embedding {}: {}", file, e.toString());
            synchronized (this) {
                misses++;
            }
            return Optional.empty();
        }
        ImageEmbedding embedding;
        try {
            embedding = decode(bytes, packId);
        } catch (CorruptEntryException e) {
            LOG.warn("corrupt cached embedding {} ({}); deleting it, the image will be re-encoded", file, e.getMessage());
            delete(file);
            synchronized (this) {
                corrupt++;
                misses++;
            }
            return Optional.empty();
        }
        long now = nextAccessTime();
        synchronized (this) {
            hits++;
            Entry old = entries.get(file);
            if (old != null) {
                entries.put(file, new Entry(old.sizeBytes(), now));
            }
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(now));
        } catch (IOException e) {
            // Access order is then only kept in memory; not worth failing a read for.
            LOG.debug("cannot touch {}: {}", file, e.toString());
        }
        return Optional.of(embedding);
    }

    /** Stores {@code embedding} for the content hash (atomically), then evicts least recently used entries over the budget. */
    public void put(String sha256, ImageEmbedding embedding) {
        Path file = fileFor(sha256, embedding.packId());
        byte[] bytes = encode(embedding);
        Path temp = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId() + TEMP_SUFFIX);
        try {
            Files.createDirectories(file.getParent());
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            long now = nextAccessTime();
            Files.setLastModifiedTime(file, FileTime.fromMillis(now));
            synchronized (this) {
                Entry old = entries.put(file, new Entry(bytes.length, now));
                totalBytes += bytes.length - (old == null ? 0 : old.sizeBytes());
                evictOverBudget(file);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort
            }
            // A full disk must not fail ingestion: the entry is simply not cached.
            LOG.warn("cannot write cached embedding {}: {}", file, e.toString());
        }
    }

    public boolean contains(String sha256, String packId) {
        synchronized (this) {
            return entries.containsKey(fileFor(sha256, packId));
        }
    }

    public synchronized Stats stats() {
        return new Stats(entries.size(), totalBytes, maxBytes, hits, misses, corrupt, evictions);
    }

    public Path directory() {
        return directory;
    }

    /** The entry's file (which may not exist); exposed for tests and diagnostics. */
    public Path fileFor(String sha256, String packId) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
        }
        return directory.resolve(safeName(packId)).resolve(sha256.substring(0, 2)).resolve(sha256 + SUFFIX);
    }

    /**
     * Access times are milliseconds but several hits can fall in one millisecond; a strictly
     * increasing clock keeps the LRU order exact.
     */
    private synchronized long nextAccessTime() {
        accessClock = Math.max(accessClock + 1, System.currentTimeMillis());
        return accessClock;
    }

    private void evictOverBudget(Path keep) {
        if (totalBytes <= maxBytes) {
            return;
        }
        List<Map.Entry<Path, Entry>> byAge = new ArrayList<>(entries.entrySet());
        byAge.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.lastAccessMillis(), b.lastAccessMillis())));
        for (Map.Entry<Path, Entry> e : byAge) {
            if (totalBytes <= maxBytes) {
                break;
            }
            if (e.getKey().equals(keep)) {
                continue;
            }
            try {
                Files.deleteIfExists(e.getKey());
            } catch (IOException ex) {
                LOG.warn("cannot evict {}: {}", e.getKey(), ex.toString());
                continue;
            }
            entries.remove(e.getKey());
            totalBytes -= e.getValue().sizeBytes();
            evictions++;
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
        forget(file);
    }

    private synchronized void forget(Path file) {
        Entry old = entries.remove(file);
        if (old != null) {
            totalBytes -= old.sizeBytes();
        }
    }

    private static String safeName(String packId) {
        StringBuilder sb = new StringBuilder();
        for (char c : packId.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        // Distinct ids that sanitise alike ("a/b", "a_b") must not share a folder.
        return sb + "-" + Integer.toHexString(packId.hashCode());
    }

    static byte[] encode(ImageEmbedding e) {
        byte[] pack = e.packId().getBytes(StandardCharsets.UTF_8);
        int values = e.channels() * e.gridHeight() * e.gridWidth();
        int size = MAGIC.length + 4 + 2 + pack.length + 4 * 8 + 2 * values;
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC);
        buf.putInt(0); // CRC, filled below
        buf.putShort((short) pack.length).put(pack);
        ResizeGeometry g = e.geometry();
        buf.putInt(e.channels()).putInt(e.gridHeight()).putInt(e.gridWidth());
        buf.putInt(g.originalHeight()).putInt(g.originalWidth()).putInt(g.resizedHeight()).putInt(g.resizedWidth())
                .putInt(g.inputSize());
        FloatBuffer f = e.features();
        while (f.hasRemaining()) {
            buf.putShort(Fp16.fromFloat(f.get()));
        }
        byte[] out = buf.array();
        CRC32 crc = new CRC32();
        crc.update(out, MAGIC.length + 4, out.length - MAGIC.length - 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC.length, (int) crc.getValue());
        return out;
    }

    static ImageEmbedding decode(byte[] bytes, String expectedPackId) throws CorruptEntryException {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CorruptEntryException("bad magic");
            }
            int storedCrc = buf.getInt();
            CRC32 crc = new CRC32();
            crc.update(bytes, MAGIC.length + 4, bytes.length - MAGIC.length - 4);
            if ((int) crc.getValue() != storedCrc) {
                throw new CorruptEntryException("checksum mismatch");
            }
            byte[] pack = new byte[Short.toUnsignedInt(buf.getShort())];
            buf.get(pack);
            String packId = new String(pack, StandardCharsets.UTF_8);
            if (!packId.equals(expectedPackId)) {
                throw new CorruptEntryException("entry is for pack " + packId + ", expected " + expectedPackId);
            }
            int c = buf.getInt();
            int h = buf.getInt();
            int w = buf.getInt();
            ResizeGeometry g = new ResizeGeometry(buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt());
            long values = (long) c * h * w;
            if (c <= 0 || h <= 0 || w <= 0 || values * 2 != buf.remaining()) {
                throw new CorruptEntryException("size " + c + "×" + h + "×" + w + " does not match the payload");
            }
            float[] features = new float[(int) values];
            for (int i = 0; i < features.length; i++) {
                features[i] = Fp16.toFloat(buf.getShort());
            }
            return new ImageEmbedding(packId, c, h, w, features, g);
        } catch (RuntimeException e) {
            throw new CorruptEntryException("unreadable entry: " + e);
        }
    }

    static final class CorruptEntryException extends Exception {
        CorruptEntryException(String message) {
            super(message);
        }
    }
}
