package dev.findling.app.concepts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bounded folder of recent results' files (mask and overlay PNGs), so the links in an API response keep working
 * for a while without the server holding images in memory. Each result is a folder named
 * {@code <creation millis>-<random>}; the name sorts by age, and once more than {@code keep} results exist the
 * oldest are deleted. A result folder is written under a temporary name and renamed into place, so a link never
 * serves a half-written file.
 */
public class ResultFiles {
    private static final Pattern ID = Pattern.compile("[0-9]{13}-[0-9a-f]{12}");
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}\\.png");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final int keep;

    public ResultFiles(Path root, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("must keep at least one result but keep is " + keep);
        }
        this.root = root;
        this.keep = keep;
    }

    public Path root() {
        return root;
    }

    /**
     * Stores one result's files and returns its id.
     *
     * @param files file name (lower-case, ending in .png) → content
     */
    public synchronized String store(Map<String, byte[]> files) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String id = String.format("%013d-%s", System.currentTimeMillis(), HexFormat.of().formatHex(random));
        Path tmp = root.resolve(".tmp-" + id);
        try {
            Files.createDirectories(tmp);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!FILE.matcher(f.getKey()).matches()) {
                    throw new IllegalArgumentException("result file name '" + f.getKey() + "' must match " + FILE.pattern());
                }
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            try {
                Files.move(tmp, root.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, root.resolve(id));
            }
        } catch (IOException e) {
            deleteTree(tmp);
            throw new UncheckedIOException("cannot store result files in " + root + ": " + e.getMessage(), e);
        }
        prune();
        return id;
    }

    /** The stored file, or empty when the result was pruned, never existed, or the names are not well-formed. */
    public Optional<Path> file(String id, String name) {
        if (id == null || name == null || !ID.matcher(id).matches() || !FILE.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = root.resolve(id).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private void prune() {
        List<Path> results;
        try (Stream<Path> s = Files.list(root)) {
            results = s.filter(p -> ID.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            return; // pruning is housekeeping; the next store tries again
        }
        for (int i = keep; i < results.size(); i++) {
            deleteTree(results.get(i));
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover folder is pruned on a later store.
        }
    }
}
