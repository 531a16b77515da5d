package dev.findling.index;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The library's roots, persisted as {@code roots.json} in the data folder (rewritten atomically). */
final class RootRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, LibraryRoot> roots = new LinkedHashMap<>();

    private RootRegistry(Path file) {
        this.file = file;
    }

    static RootRegistry open(Path file) {
        RootRegistry r = new RootRegistry(file);
        if (Files.exists(file)) {
            try {
                Map<String, String> stored = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() {
                });
                stored.forEach((id, path) -> r.roots.put(id, new LibraryRoot(id, Path.of(path))));
            } catch (IOException e) {
                throw new LibraryException("cannot read the library roots from " + file + ": " + e.getMessage(), e);
            }
        }
        return r;
    }

    synchronized List<LibraryRoot> list() {
        return List.copyOf(roots.values());
    }

    synchronized Optional<LibraryRoot> get(String id) {
        return Optional.ofNullable(roots.get(id));
    }

    /** Adds a folder (by real path); adding the same folder again returns the existing root. */
    synchronized LibraryRoot add(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("library root " + folder + " is not an existing folder");
        }
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("library root " + folder + " cannot be resolved: " + e.getMessage());
        }
        for (LibraryRoot existing : roots.values()) {
            if (existing.path().equals(real)) {
                return existing;
            }
            if (real.startsWith(existing.path()) || existing.path().startsWith(real)) {
                throw new IllegalArgumentException("folder " + real + " overlaps library root '" + existing.id() + "' ("
                        + existing.path() + "); roots must not contain each other, or files would be indexed twice");
            }
        }
        String id = uniqueId(slug(real));
        LibraryRoot root = new LibraryRoot(id, real);
        roots.put(id, root);
        save();
        return root;
    }

    synchronized boolean remove(String id) {
        boolean removed = roots.remove(id) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private String uniqueId(String base) {
        String id = base;
        for (int n = 2; roots.containsKey(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** A URL-safe id from the folder name ("Holiday 2024" → "holiday-2024"). */
    static String slug(Path real) {
        Path name = real.getFileName();
        String s = name == null ? "root" : name.toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty()) {
            s = "root";
        }
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    private void save() {
        Map<String, String> out = new LinkedHashMap<>();
        roots.forEach((id, r) -> out.put(id, r.path().toString()));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), out);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LibraryException("cannot save the library roots to " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> ids(List<LibraryRoot> roots) {
        List<String> ids = new ArrayList<>();
        roots.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
