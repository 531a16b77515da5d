package dev.findling.app.library;

import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobState;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.segmentation.ActiveSegmenter;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.SearchRequest;
import dev.findling.index.TextHit;
import dev.findling.semantic.text.ClassEmbedding;
import org.springframework.stereotype.Service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The library feature over the index module's {@link PhotoLibrary}: roots with their counts and last run,
 * ingestion as background jobs, text search. Shared by the REST API and the pages; holds no algorithm.
 */
@Service
public class LibraryService {
    /** Job type of ingestion runs in the registry. */
    public static final String JOB_TYPE = "ingestion";
    /** The most results one text search may ask for. */
    public static final int MAX_TEXT_RESULTS = 200;

    private final ActiveLibrary active;
    private final JobRegistry jobs;
    private final ActiveSegmenter segmenter;
    private final IngestionRuns runs;
    /** root id → the id of its queued, running or paused ingestion job. */
    private final Map<String, String> activeJobs = new ConcurrentHashMap<>();

    public LibraryService(ActiveLibrary active, JobRegistry jobs, ActiveSegmenter segmenter) {
        this.active = active;
        this.jobs = jobs;
        this.segmenter = segmenter;
        this.runs = new IngestionRuns(active.dataDir().resolve("runs.json"));
    }

    public PhotoLibrary library() {
        return active.require();
    }

    /**
     * A root as the API and the page show it.
     *
     * @param id          the root's id (from its folder name)
     * @param path        the folder (real path)
     * @param images      images indexed under it
     * @param failed      files that were processed and could not be indexed
     * @param lastRun     its last ingestion run, if any
     * @param activeJobId the id of its queued/running/paused ingestion job, or null
     */
    public record RootView(String id, Path path, int images, int failed, IngestionRuns.Run lastRun, String activeJobId) {
    }

    public List<RootView> roots() {
        PhotoLibrary lib = library();
        List<RootView> out = new ArrayList<>();
        for (LibraryRoot r : lib.roots()) {
            out.add(view(lib, r));
        }
        return out;
    }

    /** @throws dev.findling.index.UnknownImageException when no root has this id (404) */
    public RootView root(String id) {
        PhotoLibrary lib = library();
        return view(lib, lib.root(id));
    }

    private RootView view(PhotoLibrary lib, LibraryRoot r) {
        return new RootView(r.id(), r.path(), lib.imageCount(r.id()), lib.failures(r.id()).size(),
                runs.last(r.id()).orElse(null), activeJob(r.id()).orElse(null));
    }

    /**
     * Adds a folder as a root (the same folder again returns the existing root).
     *
     * @throws IllegalArgumentException when the path is blank, not an existing folder, or overlaps a root (400)
     */
    public RootView addRoot(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path must name an existing folder");
        }
        PhotoLibrary lib = library();
        LibraryRoot r = lib.addRoot(Path.of(path.strip()));
        return view(lib, r);
    }

    /** Removes a root and its index entries (the files stay). @throws IllegalStateException while it is ingested */
    public void removeRoot(String id) {
        try {
            library().removeRoot(id);
        } catch (IllegalStateException e) {
            throw new RootBusyException(e.getMessage());
        }
        runs.forget(id);
    }

    /**
     * Queues an ingestion of one root; a root already queued or being ingested returns that job instead of a second.
     *
     * @throws dev.findling.index.UnknownImageException  when no root has this id (404)
     * @throws dev.findling.app.jobs.JobQueueFullException when the queue is full (503)
     */
    public synchronized JobStatus ingest(String rootId, IngestMode mode) {
        PhotoLibrary lib = library();
        LibraryRoot root = lib.root(rootId);
        Optional<String> running = activeJob(rootId);
        if (running.isPresent()) {
            return jobs.find(running.get()).orElseThrow();
        }
        String title = (mode == IngestMode.ALL ? "Re-indexing " : "Indexing ") + root.id();
        JobStatus status = jobs.submit(JOB_TYPE, title, new IngestionTask(lib, jobs, runs, rootId, mode));
        activeJobs.put(rootId, status.id());
        return status;
    }

    /**
     * Rebuilds the index for the active pack — after a pack switch the old index cannot be used — and queues an
     * ingestion of every root (mode all; cached embeddings of the active pack are reused). What {@code findling
     * reindex} does, as background jobs.
     *
     * @throws IllegalStateException while a root is being ingested (its job holds the old index)
     */
    public synchronized List<JobStatus> reindex() {
        if (ingesting()) {
            throw new IllegalStateException("a root is being indexed; wait for its job to end (or cancel it), then reindex");
        }
        PhotoLibrary lib = active.reindex();
        return lib.roots().stream().map(r -> ingest(r.id(), IngestMode.ALL)).toList();
    }

    /** The root's queued, running or paused ingestion job. */
    public Optional<String> activeJob(String rootId) {
        String id = activeJobs.get(rootId);
        if (id == null) {
            return Optional.empty();
        }
        Optional<JobStatus> s = jobs.find(id);
        if (s.isEmpty() || s.get().state().isTerminal()) {
            activeJobs.remove(rootId, id);
            return Optional.empty();
        }
        return Optional.of(id);
    }

    /** Whether any root is being ingested. */
    public boolean ingesting() {
        return activeJobs.keySet().stream().anyMatch(r -> activeJob(r).isPresent());
    }

    public List<FileFailure> failures(String rootId) {
        PhotoLibrary lib = library();
        lib.root(rootId);
        return lib.failures(rootId);
    }

    // ---------------------------------------------------------------- text search

    /**
     * A text search result page.
     *
     * @param query      the query as given
     * @param understood whether the pack's text encoder knows any of its words
     * @param message    why nothing can match when not understood; null otherwise
     * @param hits       best first
     */
    public record TextResults(String query, boolean understood, String message, List<TextHit> hits) {
    }

    /**
     * Images whose global image-text vector is closest to the query's text embedding (the prompt-ensemble embedding
     * of DESIGN §4, the same space as text segmentation).
     *
     * @throws IllegalArgumentException        for a blank query or a limit out of range (400)
     * @throws TextSearchUnavailableException   when the pack has no image-text embedder or text encoder (503)
     */
    public TextResults textSearch(String query, int limit) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("q must be a non-blank text such as \"red\"");
        }
        if (limit < 1 || limit > MAX_TEXT_RESULTS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_TEXT_RESULTS + " but is " + limit);
        }
        PhotoLibrary lib = library();
        if (!lib.supportsTextSearch()) {
            throw new TextSearchUnavailableException("the model pack " + lib.packId()
                    + " has no image-text embedder, so the library has no vectors to search by text");
        }
        ClassEmbedding embedding;
        try {
            embedding = segmenter.textEmbedder().embed(query.strip());
        } catch (dev.findling.app.segmentation.TextSegmentationUnavailableException e) {
            throw new TextSearchUnavailableException(e.getMessage());
        }
        if (!embedding.understood()) {
            return new TextResults(query, false, embedding.problem(), List.of());
        }
        int k = Math.min(limit, SearchRequest.MAX_CANDIDATES);
        return new TextResults(query, true, null, lib.textSearch(embedding.vector(), k));
    }

    // ---------------------------------------------------------------- images

    public ImageRecord image(String id) {
        return library().image(id);
    }

    public byte[] thumbnail(String id) {
        return library().thumbnail(id);
    }

    /** Every kept ingestion job (for the page). */
    public List<JobStatus> ingestionJobs() {
        return jobs.list().stream().filter(j -> JOB_TYPE.equals(j.type())).toList();
    }

    static boolean isActive(JobStatus s) {
        return s.state() == JobState.QUEUED || s.state() == JobState.RUNNING || s.state() == JobState.PAUSED;
    }
}
