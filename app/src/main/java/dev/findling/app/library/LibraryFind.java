package dev.findling.app.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.app.cli.FindlingCli;
import dev.findling.app.concepts.ActivePerSam;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.Reranked;
import dev.findling.index.SearchHit;
import dev.findling.index.SearchPage;
import dev.findling.index.SearchRequest;
import dev.findling.models.ModelPack;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.mask.PixelBox;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code find --library ROOT}: the reference's concept searched across a library root instead of a list of files —
 * the root is added and brought up to date first (ingestion in {@code missing} mode, which is a scan when nothing
 * changed), then candidates come from the kNN index and PerSAM re-ranks them on the cached embeddings. Writes the same
 * per-image files as {@code find} for the found images, best first, and a {@code summary.json}.
 */
@Component
public class LibraryFind {
    /**
     * What to search.
     *
     * @param root          a library root's id, or a folder (added as a root when new)
     * @param limit         at most this many found images
     * @param maxInstances  instances per image
     * @param threshold     presence threshold, or null for the calibrated one
     */
    public record Request(String root, Path reference, Path mask, boolean fineTune, int maxInstances, Double threshold,
                          int limit, Path out) {
    }

    private final ActiveLibrary active;
    private final ActivePerSam perSam;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LibraryFind(ActiveLibrary active, ActivePerSam perSam) {
        this.active = active;
        this.perSam = perSam;
    }

    public int run(Request request, PrintWriter stdout, PrintWriter stderr) throws IOException {
        if (request.limit() < 1 || request.limit() > SearchRequest.MAX_CANDIDATES) {
            throw new IllegalArgumentException("--limit must be between 1 and " + SearchRequest.MAX_CANDIDATES
                    + " but is " + request.limit());
        }
        PhotoLibrary library = active.require();
        LibraryRoot root = resolveRoot(library, request.root());
        try {
            if (!IndexCommand.ingest(library, root, IngestMode.MISSING, stderr, stderr)) {
                return FindlingCli.EXIT_ERROR;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing " + root.id(), e);
        }

        ModelPack pack = perSam.pack();
        PerSam base = perSam.require();
        var options = base.options().withMaxInstances(request.maxInstances());
        if (request.threshold() != null) {
            options = options.withPresenceThreshold(request.threshold());
        }
        PerSam ps = base.withOptions(options);
        RgbImage refImage = ImageDecoder.read(request.reference(), ImageLimits.DEFAULT);
        BinaryMask refMask = MaskImages.read(request.mask(), ImageLimits.DEFAULT);
        Concept concept = ps.createConcept(stem(request.reference()), refImage, refMask, request.fineTune());

        long start = System.nanoTime();
        int candidates = Math.min(SearchRequest.MAX_CANDIDATES, Math.max(active.configuredCandidates(), request.limit()));
        SearchPage<Void> page = library.search(SearchRequest.of(concept.targetFeat()).withCandidates(candidates)
                .withPage(0, request.limit()).withRoot(root.id()), (c, embedding) -> {
                    PerSamResult r = ps.segment(concept, embedding);
                    return new Reranked<Void>(r.found(), r.score(), null);
                });
        long searched = System.nanoTime();
        stderr.printf(Locale.ROOT, "%d candidates from the index re-ranked by PerSAM%s in %d ms; pack %s%n",
                page.candidates(), concept.fineTuneWeights().isPresent() ? "-F" : "", (searched - start) / 1_000_000,
                pack.displayLabel());

        Files.createDirectories(request.out());
        ObjectNode summary = json.createObjectNode();
        summary.put("reference", request.reference().toString());
        summary.put("mask", request.mask().toString());
        summary.put("packId", pack.id());
        summary.put("packLabel", pack.displayLabel());
        summary.put("fineTuned", concept.fineTuneWeights().isPresent());
        summary.put("presenceThreshold", options.presenceThreshold());
        summary.put("maxInstances", request.maxInstances());
        ObjectNode lib = summary.putObject("library");
        lib.put("root", root.id());
        lib.put("path", root.path().toString());
        lib.put("images", library.imageCount(root.id()));
        lib.put("candidates", page.candidates());
        lib.put("limit", request.limit());
        ArrayNode images = summary.putArray("images");

        stdout.printf(Locale.ROOT, "%-40s  %6s%n", "image", "score");
        Set<String> used = new HashSet<>();
        int failed = 0;
        for (SearchHit<Void> hit : page.hits()) {
            ObjectNode entry = images.addObject();
            String path = hit.image().relativePath();
            entry.put("file", path);
            entry.put("imageId", hit.image().id());
            entry.put("score", hit.score());
            try {
                // Masks are recomputed for the kept hits only (cheap: the embedding is cached), so a search over
                // many candidates never holds all their full-size masks at once.
                PerSamResult r = ps.segment(concept, library.embedding(hit.image().id()));
                RgbImage image = ImageDecoder.read(Files.readAllBytes(library.file(hit.image().id())),
                        library.settings().imageLimits());
                String stem = unique(stem(Path.of(path)), used);
                putBox(entry, r.box().orElse(null));
                entry.put("instances", r.instances().size());
                ObjectNode outputs = entry.putObject("outputs");
                write(request.out(), stem, image, r.mask(), outputs);
                stdout.printf(Locale.ROOT, "%-40s  %6.3f%n", path, hit.score());
            } catch (RuntimeException | IOException e) {
                failed++;
                entry.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                stderr.println("findling: " + path + ": " + entry.get("error").asText());
            }
        }
        page.failures().forEach(f -> stderr.println("findling: " + f.relativePath() + ": " + f.reason()));
        summary.put("found", page.hits().size() - failed);
        summary.put("totalFound", page.totalHits());
        summary.put("failed", failed + page.failures().size());
        json.writeValue(request.out().resolve("summary.json").toFile(), summary);
        stderr.printf(Locale.ROOT, "%d of %d indexed images in '%s' contain the concept (%d written); results in %s%n",
                page.totalHits(), library.imageCount(root.id()), root.id(), page.hits().size() - failed, request.out());
        return FindlingCli.EXIT_OK;
    }

    private static LibraryRoot resolveRoot(PhotoLibrary library, String root) {
        for (LibraryRoot r : library.roots()) {
            if (r.id().equals(root)) {
                return r;
            }
        }
        Path folder = Path.of(root);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--library " + root + " is neither a library root id nor a folder; roots: "
                    + library.roots().stream().map(LibraryRoot::id).toList());
        }
        return library.addRoot(folder);
    }

    private static void write(Path out, String stem, RgbImage image, BinaryMask mask, ObjectNode outputs) throws IOException {
        Path maskFile = out.resolve(stem + ".mask.png");
        Path cutoutFile = out.resolve(stem + ".cutout.png");
        Path rleFile = out.resolve(stem + ".rle.json");
        Files.write(maskFile, MaskImages.toPng(mask));
        Files.write(cutoutFile, Cutouts.rgbaPng(image, mask));
        Files.writeString(rleFile, CocoRle.encode(mask).toJson());
        outputs.put("mask", maskFile.getFileName().toString());
        outputs.put("cutout", cutoutFile.getFileName().toString());
        outputs.put("rle", rleFile.getFileName().toString());
    }

    private static void putBox(ObjectNode node, PixelBox b) {
        if (b == null) {
            node.putNull("box");
            return;
        }
        ObjectNode box = node.putObject("box");
        box.put("x0", b.x0());
        box.put("y0", b.y0());
        box.put("x1", b.x1());
        box.put("y1", b.y1());
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String unique(String stem, Set<String> used) {
        String candidate = stem;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = stem + "-" + n;
        }
        return candidate;
    }
}
