package dev.findling.app.packs;

import dev.findling.app.FindlingProperties;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.PackException;
import dev.findling.models.pack.PackManifest;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The packs installed next to each other: the configured pack folder, every folder with a {@code pack.json}
 * beside it, and every one under {@code <data-dir>/packs}. Reads manifests only; opens no session.
 */
@Component
public class PackCatalog {
    private final ActivePack activePack;
    private final Path packsRoot;

    public PackCatalog(ActivePack activePack, FindlingProperties properties) {
        this.activePack = activePack;
        this.packsRoot = properties.dataDir().resolve("packs");
    }

    /**
     * @param directory the pack folder
     * @param active    whether it is the configured pack
     * @param manifest  its manifest; null when it cannot be read
     * @param error     why the manifest cannot be read; null when it can
     */
    public record Entry(Path directory, boolean active, PackManifest manifest, String error) {
    }

    /** The configured pack first (generated when it is the missing reference pack), then the others by folder name. */
    public List<Entry> list() {
        activePack.prepare();
        Path active = activePack.directory();
        Set<Path> others = new LinkedHashSet<>();
        others.addAll(packFoldersIn(packsRoot));
        if (active.getParent() != null) {
            others.addAll(packFoldersIn(active.getParent()));
        }
        others.remove(active);

        List<Entry> entries = new ArrayList<>();
        entries.add(read(active, true));
        others.stream().sorted().forEach(dir -> entries.add(read(dir, false)));
        return entries;
    }

    private static Entry read(Path dir, boolean active) {
        try {
            return new Entry(dir, active, ManifestReader.read(dir), null);
        } catch (PackException e) {
            return new Entry(dir, active, null, e.getMessage());
        }
    }

    private static List<Path> packFoldersIn(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(PackManifest.FILE_NAME)))
                    .map(dir -> dir.toAbsolutePath().normalize())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
    }
}
