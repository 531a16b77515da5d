package dev.findling.app.packs;

import dev.findling.app.FindlingProperties;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.system.NotFoundException;
import dev.findling.models.ModelPack;
import dev.findling.models.fetch.FetchProgress;
import dev.findling.models.fetch.KnownPack;
import dev.findling.models.fetch.PackFetcher;
import dev.findling.models.pack.PackManifest;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Download and use" from the UI: fetches a known pack into {@code <data-dir>/packs} as a background job (the
 * progress bar follows the bytes), then switches the active pack to it ({@link ActivePack#switchTo}). One job per
 * pack at a time: asking again while it runs returns the running job.
 */
@Component
public class PackDownloads {
    static final String JOB_TYPE = "pack-download";

    private final KnownPackCatalog known;
    private final ActivePack activePack;
    private final JobRegistry jobs;
    private final Path packsDir;
    private final Map<String, String> runningJobByPack = new HashMap<>();

    public PackDownloads(KnownPackCatalog known, ActivePack activePack, JobRegistry jobs, FindlingProperties properties) {
        this.known = known;
        this.activePack = activePack;
        this.jobs = jobs;
        this.packsDir = properties.dataDir().resolve("packs");
    }

    /**
     * What the home page and {@code GET /api/packs/known} show of one known pack.
     *
     * @param name      the name to download it by
     * @param packId    the folder and pack id it installs as
     * @param summary   its contents in one line
     * @param sizeBytes bytes to download
     * @param licenses  the licences of its files
     * @param sources   where its files come from
     * @param installed whether it is already in {@code <data-dir>/packs}
     * @param active    whether it is the active pack
     */
    public record KnownPackView(String name, String packId, String summary, long sizeBytes, List<String> licenses,
                                List<String> sources, boolean installed, boolean active) {
        /** E.g. "44.7 MB", for the page. */
        public String size() {
            return String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1_000_000.0);
        }
    }

    public List<KnownPackView> list() {
        Path active = activePack.directory();
        return known.all().stream().map(p -> {
            Path dir = PackFetcher.packDirectory(p, packsDir).toAbsolutePath().normalize();
            Set<String> licenses = new LinkedHashSet<>();
            Set<String> sources = new LinkedHashSet<>();
            p.downloads().forEach(d -> {
                licenses.add(d.license());
                sources.add(d.source());
            });
            return new KnownPackView(p.name(), p.manifest().id(), p.summary(), p.totalBytes(), List.copyOf(licenses),
                    List.copyOf(sources), Files.isRegularFile(dir.resolve(PackManifest.FILE_NAME)), dir.equals(active));
        }).toList();
    }

    /**
     * Starts (or returns the running) download-and-use job of the pack called {@code name}.
     *
     * @throws NotFoundException for a name no known pack has (404)
     */
    public synchronized JobStatus downloadAndUse(String name) {
        KnownPack pack = known.byName(name).orElseThrow(() -> new NotFoundException("known pack", name));
        String running = runningJobByPack.get(pack.name());
        if (running != null) {
            var status = jobs.find(running);
            if (status.isPresent() && !status.get().state().isTerminal()) {
                return status.get();
            }
        }
        JobStatus job = jobs.submit(JOB_TYPE, "Download and use " + pack.name(), context -> {
            context.progress(0, pack.totalBytes(), null);
            Path dir = new PackFetcher().download(pack, packsDir, (FetchProgress p) -> {
                context.progress(p.packBytesDone(), p.packBytesTotal(),
                        p.file() + " (" + p.stage().name().toLowerCase(Locale.ROOT) + ")");
                context.checkpoint();
            });
            context.message("Installed " + pack.name() + " in " + dir + "; opening it");
            ModelPack now = activePack.switchTo(dir);
            context.message("The active pack is now " + now.id());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("packId", now.id());
            result.put("directory", dir.toString());
            return result;
        });
        runningJobByPack.put(pack.name(), job.id());
        return job;
    }
}
