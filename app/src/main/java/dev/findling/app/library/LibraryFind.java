package dev.findling.app.library;

import dev.findling.app.command.ExitCode;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.SearchHit;
import dev.findling.index.SearchPage;
import dev.findling.index.SearchRequest;
import dev.findling.models.image.ImageDecoder;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.find.ConceptFind;
import dev.findling.personalize.find.FindReport;
import dev.findling.personalize.find.FoundImage;
import dev.findling.personalize.library.LibraryConceptSearch;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code find --library ROOT}: the reference's concept searched across a library root instead of a list of files.
 * The root is added and brought up to date first (ingestion in {@code missing} mode, which is a scan when nothing
 * changed); then the library page's own {@link LibraryConceptSearch} ranks it — PerSAM once per candidate on the
 * cached embeddings — and personalize's {@link ConceptFind} writes the found images' files, best first, decoding
 * each of them once for its cut-out.
 */
@Component
public class LibraryFind {
    /**
     * What to search.
     *
     * @param root  a library root's id, or a folder (added as a root when new)
     * @param limit at most this many found images
     */
    public record Request(String root, int limit) {
    }

    private final ActiveLibrary active;
    private final LibraryConceptSearch search;

    public LibraryFind(ActiveLibrary active, LibraryConceptSearch search) {
        this.active = active;
        this.search = search;
    }

    /**
     * Indexes the root, then searches it for the concept and writes the results.
     *
     * @param perSam PerSAM with the run's options
     * @return the exit code
     */
    public int run(Request request, PerSam perSam, ConceptFind.Reference reference, Path out, String packLabel,
                   PrintWriter stdout, PrintWriter stderr) throws IOException {
        if (request.limit() < 1 || request.limit() > SearchRequest.MAX_CANDIDATES) {
            throw new IllegalArgumentException("--limit must be between 1 and " + SearchRequest.MAX_CANDIDATES
                    + " but is " + request.limit());
        }
        PhotoLibrary library = active.require();
        LibraryRoot root = resolveRoot(library, request.root());
        try {
            if (!IndexCommand.ingest(library, root, IngestMode.MISSING, stderr, stderr)) {
                return ExitCode.ERROR;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing " + root.id(), e);
        }

        ConceptFind find = ConceptFind.start(perSam, reference, out);
        Concept concept = find.concept();
        long start = System.nanoTime();
        int candidates = Math.min(SearchRequest.MAX_CANDIDATES, Math.max(active.configuredCandidates(), request.limit()));
        SearchPage<LibraryConceptSearch.Match> page = search.search(library, perSam, concept,
                SearchRequest.of(concept.targetFeat()).withCandidates(candidates).withPage(0, request.limit())
                        .withRoot(root.id()));
        stderr.printf(Locale.ROOT, "%d candidates from the index re-ranked by PerSAM%s in %d ms; pack %s%n",
                page.candidates(), concept.fineTuneWeights().isPresent() ? "-F" : "",
                (System.nanoTime() - start) / 1_000_000, packLabel);

        stdout.printf(Locale.ROOT, "%-40s  %6s%n", "image", "score");
        for (SearchHit<LibraryConceptSearch.Match> hit : page.hits()) {
            String id = hit.image().id();
            FoundImage image = find.inImage(hit.image().relativePath(), id,
                    () -> ImageDecoder.read(Files.readAllBytes(library.file(id)), library.settings().imageLimits()),
                    () -> search.result(library, perSam, concept, id));
            if (image.failed()) {
                stderr.println("findling: " + image.file() + ": " + image.error());
            } else {
                stdout.printf(Locale.ROOT, "%-40s  %6.3f%n", image.file(), hit.score());
            }
        }
        page.failures().forEach(f -> stderr.println("findling: " + f.relativePath() + ": " + f.reason()));
        FindReport report = find.finish(packLabel, libraryFields(library, root, page, request.limit()),
                page.failures().size());
        stderr.printf(Locale.ROOT, "%d of %d indexed images in '%s' contain the concept (%d written); results in %s%n",
                page.totalHits(), library.imageCount(root.id()), root.id(), report.found(), out);
        return ExitCode.OK;
    }

    private static Map<String, Object> libraryFields(PhotoLibrary library, LibraryRoot root,
                                                     SearchPage<LibraryConceptSearch.Match> page, int limit) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("root", root.id());
        about.put("path", root.path().toString());
        about.put("images", library.imageCount(root.id()));
        about.put("candidates", page.candidates());
        about.put("limit", limit);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("library", about);
        fields.put("totalFound", page.totalHits());
        return fields;
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
}
