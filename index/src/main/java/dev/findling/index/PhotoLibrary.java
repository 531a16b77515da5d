package dev.findling.index;

import dev.findling.index.cache.EmbeddingCache;
import dev.findling.index.scan.RootPaths;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.LibraryBackend;
import dev.findling.index.store.LibraryStore;
import dev.findling.index.store.VectorMath;
import dev.findling.index.thumbs.ThumbnailStore;
import dev.findling.jobs.JobContext;
import dev.findling.jobs.JobLifecycle;
import dev.findling.models.ModelPack;
import dev.findling.models.sam.ImageEmbedding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The photo library: the index module's entry point. One instance per data folder (it holds the
 * Lucene write lock); thread-safe — searches run while an ingestion writes.
 *
 * <p>Data folder layout: {@code roots.json}, {@code index/} (Lucene), {@code embeddings/} (fp16 SAM
 * embedding cache), {@code thumbnails/}.
 */
public final class PhotoLibrary implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoLibrary.class);

    private final Path dataDir;
    private final LibraryModels models;
    private final IndexSettings settings;
    private final RootRegistry roots;
    private final LibraryStore index;
    private final EmbeddingCache cache;
    private final ImageAnalyzer analyzer;
    private final ExecutorService ingestion;
    private final ExecutorService reranking;
    private final AtomicInteger jobCounter = new AtomicInteger();
    private final List<IngestJob> jobs = new ArrayList<>();
    private volatile boolean closed;

    private PhotoLibrary(Path dataDir, LibraryModels models, IndexSettings settings, RootRegistry roots,
                         LibraryStore index, EmbeddingCache cache, ThumbnailStore thumbnails) {
        this.dataDir = dataDir;
        this.models = models;
        this.settings = settings;
        this.roots = roots;
        this.index = index;
        this.cache = cache;
        this.analyzer = new ImageAnalyzer(models, cache, thumbnails, settings.imageLimits());
        this.ingestion = Executors.newSingleThreadExecutor(daemon("findling-ingest"));
        this.reranking = Executors.newFixedThreadPool(settings.rerankThreads(), daemon("findling-rerank"));
    }

    /**
     * Opens (or creates) the library in {@code dataDir} for {@code pack}.
     *
     * @throws PackMismatchException when the index was built with another pack; the message names the reindex command
     * @throws LibraryException      when the data folder cannot be used (e.g. another process has it open)
     */
    public static PhotoLibrary open(Path dataDir, ModelPack pack, IndexSettings settings) {
        return open(dataDir, LibraryModels.of(pack), settings);
    }

    /** As {@link #open(Path, ModelPack, IndexSettings)}, with the models given individually. */
    public static PhotoLibrary open(Path dataDir, LibraryModels models, IndexSettings settings) {
        return open(dataDir, models, settings, LibraryBackend.embedded());
    }

    /**
     * As {@link #open(Path, LibraryModels, IndexSettings)}, with the index kept by {@code backend}
     * (roots, the embedding cache and thumbnails stay in {@code dataDir} whatever the back end).
     */
    public static PhotoLibrary open(Path dataDir, LibraryModels models, IndexSettings settings, LibraryBackend backend) {
        return open(dataDir, models, settings, backend, false);
    }

    private static PhotoLibrary open(Path dataDir, LibraryModels models, IndexSettings settings, LibraryBackend backend,
                                     boolean recreate) {
        if (!settings.workerShare().isAll() && !backend.sharedBetweenProcesses()) {
            throw new LibraryException("worker share " + settings.workerShare() + " needs an index that several processes"
                    + " write (findling.library.backend=solr); " + backend.describe(dataDir)
                    + " is written by one process, which ingests everything (1/1)");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new LibraryException("cannot create the library data folder " + dataDir + ": " + e.getMessage(), e);
        }
        IndexIdentity identity = new IndexIdentity(models.packId(), models.patchDim(), models.globalDim(), settings.patchGrid());
        // The index first: its write lock is what keeps a second process out of the whole data folder.
        LibraryStore index = recreate ? backend.recreate(dataDir, identity, settings) : backend.open(dataDir, identity, settings);
        try {
            RootRegistry roots = RootRegistry.open(dataDir.resolve("roots.json"));
            EmbeddingCache cache = EmbeddingCache.open(dataDir.resolve("embeddings"), settings.cacheMaxBytes());
            ThumbnailStore thumbnails = new ThumbnailStore(dataDir.resolve("thumbnails"), settings.thumbnailSize());
            return new PhotoLibrary(dataDir, models, settings, roots, index, cache, thumbnails);
        } catch (RuntimeException e) {
            try {
                index.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Replaces the library's index with an empty one (keeping its roots, the embedding cache and thumbnails) for
     * {@code pack}; afterwards run {@link #ingest} in {@link IngestMode#ALL} on every root. This is what the
     * {@value PackMismatchException#REINDEX_COMMAND} command does. It takes the index's write lock before anything
     * is deleted, so a library another process has open is refused like {@link #open} and keeps its index.
     *
     * @throws LibraryException when another process has the library open
     */
    public static PhotoLibrary reindex(Path dataDir, ModelPack pack, IndexSettings settings) {
        return reindex(dataDir, LibraryModels.of(pack), settings);
    }

    public static PhotoLibrary reindex(Path dataDir, LibraryModels models, IndexSettings settings) {
        return reindex(dataDir, models, settings, LibraryBackend.embedded());
    }

    /** As {@link #reindex(Path, LibraryModels, IndexSettings)}, emptying the index {@code backend} keeps. */
    public static PhotoLibrary reindex(Path dataDir, LibraryModels models, IndexSettings settings, LibraryBackend backend) {
        return open(dataDir, models, settings, backend, true);
    }

    public String packId() {
        return models.packId();
    }

    public IndexSettings settings() {
        return settings;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether the library's pack has an image-text embedder, i.e. whether {@link #textSearch} works. */
    public boolean supportsTextSearch() {
        return models.imageEmbedder().isPresent();
    }

    // ---------------------------------------------------------------- roots

    /**
     * Adds a folder as a library root (idempotent for the same folder). Ingest it with {@link #ingest}.
     *
     * @throws IllegalArgumentException if the folder does not exist or overlaps an existing root
     */
    public LibraryRoot addRoot(Path folder) {
        checkOpen();
        return roots.add(folder);
    }

    public List<LibraryRoot> roots() {
        return roots.list();
    }

    public LibraryRoot root(String rootId) {
        return roots.get(rootId).orElseThrow(() -> new UnknownImageException("no library root with id '" + rootId
                + "'; known roots: " + RootRegistry.ids(roots.list())));
    }

    /** Removes a root and everything indexed under it (files on disk are untouched). */
    public void removeRoot(String rootId) {
        checkOpen();
        root(rootId);
        synchronized (jobs) {
            for (IngestJob j : jobs) {
                if (j.rootId().equals(rootId) && !j.state().isTerminal()) {
                    throw new IllegalStateException("root '" + rootId + "' is being ingested (job " + j.id()
                            + "); cancel the job first");
                }
            }
        }
        index.deleteRoot(rootId);
        index.commit();
        roots.remove(rootId);
    }

    // ---------------------------------------------------------------- ingestion

    /**
     * Starts (or queues, when another run is active) an ingestion of one root under its own job lifecycle,
     * which the returned handle pauses, resumes and cancels. Runs execute one at a time, in order.
     */
    public IngestJob ingest(String rootId, IngestMode mode, IngestListener listener) {
        String id = "ingest-" + jobCounter.incrementAndGet();
        JobLifecycle own = new JobLifecycle(id, Clock.systemUTC(), JobLifecycle.Observer.NONE);
        return start(id, rootId, mode, listener, own, own);
    }

    /**
     * As {@link #ingest(String, IngestMode, IngestListener)}, under a caller's job: the run reports progress and
     * failures and honours pause and cancel through {@code job}, whose start and end are the caller's to drive.
     * The returned handle observes (progress, failures, completion); control goes through the caller's job.
     */
    public IngestJob ingest(String rootId, IngestMode mode, IngestListener listener, JobContext job) {
        return start(job.jobId(), rootId, mode, listener, job, null);
    }

    private IngestJob start(String id, String rootId, IngestMode mode, IngestListener listener, JobContext context,
                            JobLifecycle own) {
        checkOpen();
        LibraryRoot root = root(rootId);
        IngestJob job = new IngestJob(id, rootId, mode, context, own);
        IngestionRun run = new IngestionRun(job, root, listener == null ? IngestListener.NONE : listener, index,
                analyzer, settings, models.packId());
        synchronized (jobs) {
            jobs.removeIf(j -> j.state().isTerminal());
            jobs.add(job);
        }
        ingestion.execute(run);
        return job;
    }

    /** Runs that are queued, running or paused. */
    public List<IngestJob> activeJobs() {
        synchronized (jobs) {
            return jobs.stream().filter(j -> !j.state().isTerminal()).toList();
        }
    }

    // ---------------------------------------------------------------- search

    /**
     * The {@code k} images whose best patch is most similar to {@code targetFeat}, best first, with
     * exact best-patch cosine scores. Sees everything committed, including during an ingestion.
     *
     * @param targetFeat the concept's L2-normalised target feature (normalised again here)
     */
    public List<Candidate> candidates(float[] targetFeat, int k) {
        return candidates(targetFeat, k, null);
    }

    public List<Candidate> candidates(float[] targetFeat, int k, String rootId) {
        checkOpen();
        if (k < 1 || k > SearchRequest.MAX_CANDIDATES) {
            throw new IllegalArgumentException("k must be 1.." + SearchRequest.MAX_CANDIDATES + " but is " + k);
        }
        if (rootId != null) {
            root(rootId);
        }
        return index.candidates(VectorMath.normalized(targetFeat, "targetFeat"), k, settings.candidateOversample(), rootId);
    }

    /**
     * Concept search: retrieves {@code request.candidates()} images by best patch, re-ranks each with
     * {@code reranker} on the re-ranking pool, and returns one page ordered by the re-ranker's score
     * (found results first). A candidate the re-ranker cannot score is reported in
     * {@link SearchPage#failures()}, not thrown.
     */
    public <R> SearchPage<R> search(SearchRequest request, Reranker<R> reranker) {
        List<Candidate> candidates = candidates(request.targetFeat(), request.candidates(), request.rootId());
        List<Future<SearchHit<R>>> futures = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            futures.add(reranking.submit(() -> {
                Optional<Reranked<R>> known = reranker.known(c);
                Reranked<R> r = known.isPresent() ? known.get() : reranker.rerank(c, embedding(c.image()));
                if (r == null) {
                    throw new IllegalStateException("the re-ranker returned null");
                }
                return new SearchHit<>(c, r.found(), r.score(), r.detail());
            }));
        }
        List<SearchHit<R>> scored = new ArrayList<>();
        List<FileFailure> failures = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            Candidate c = candidates.get(i);
            try {
                scored.add(futures.get(i).get());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new LibraryException("search interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                LOG.warn("re-ranking {} failed", c.image().relativePath(), cause);
                failures.add(new FileFailure(c.image().rootId(), c.image().relativePath(),
                        "re-ranking failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage())));
            }
        }
        List<SearchHit<R>> kept = new ArrayList<>();
        for (SearchHit<R> h : scored) {
            if ((h.found() || request.includeNotFound()) && h.score() >= request.minScore()) {
                kept.add(h);
            }
        }
        kept.sort(Comparator.comparing((SearchHit<R> h) -> !h.found())
                .thenComparing(Comparator.comparingDouble((SearchHit<R> h) -> h.score()).reversed())
                .thenComparing(Comparator.comparingDouble((SearchHit<R> h) -> h.candidate().patchScore()).reversed()));
        int from = Math.min(request.offset(), kept.size());
        int to = Math.min(kept.size(), from + request.limit());
        return new SearchPage<>(kept.subList(from, to), kept.size(), request.offset(), request.limit(),
                candidates.size(), failures);
    }

    /**
     * Text search over the global image vectors.
     *
     * @param query a text embedding from the same pack's text encoder (normalised here)
     * @throws IllegalStateException when the pack has no image-embedder
     */
    public List<TextHit> textSearch(float[] query, int k) {
        return textSearch(query, k, null);
    }

    public List<TextHit> textSearch(float[] query, int k, String rootId) {
        checkOpen();
        if (k < 1 || k > SearchRequest.MAX_CANDIDATES) {
            throw new IllegalArgumentException("k must be 1.." + SearchRequest.MAX_CANDIDATES + " but is " + k);
        }
        if (rootId != null) {
            root(rootId);
        }
        return index.textSearch(VectorMath.normalized(query, "query"), k, rootId);
    }

    // ---------------------------------------------------------------- images

    /** @throws UnknownImageException when no image has this id */
    public ImageRecord image(String id) {
        checkOpen();
        return index.image(id).orElseThrow(() -> new UnknownImageException("no image with id '" + id + "' in the library"));
    }

    /**
     * The image at a root-relative path, if indexed.
     *
     * @throws PathOutsideRootException when the path escapes the root
     */
    public Optional<ImageRecord> findImage(String rootId, String relativePath) {
        LibraryRoot root = root(rootId);
        Path file = RootPaths.resolveInside(rootId, root.path(), relativePath);
        return index.image(ImageAnalyzer.imageId(rootId, RootPaths.toRelative(root.path(), file)));
    }

    /** Images ordered by path, for browsing; {@code rootId} null means all roots. */
    public List<ImageRecord> images(String rootId, int offset, int limit) {
        checkOpen();
        if (rootId != null) {
            root(rootId);
        }
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1 but are " + offset + ", " + limit);
        }
        return index.images(rootId, offset, limit);
    }

    public int imageCount(String rootId) {
        checkOpen();
        return index.imageCount(rootId);
    }

    /**
     * Files that were processed and skipped, with the reason: unreadable, corrupt or too large, or not
     * a photo (a segmentation mask). Kept until the file changes or an ALL run re-examines it.
     */
    public List<FileFailure> failures(String rootId) {
        checkOpen();
        return index.failures(rootId);
    }

    /** The image's file on disk, proven to be inside its root. */
    public Path file(String id) {
        return file(image(id));
    }

    private Path file(ImageRecord image) {
        LibraryRoot root = root(image.rootId());
        return RootPaths.resolveInside(root.id(), root.path(), image.relativePath());
    }

    /** The image's full SAM embedding: from the cache, or re-encoded from the file (and cached). */
    public ImageEmbedding embedding(String id) {
        return embedding(image(id));
    }

    private ImageEmbedding embedding(ImageRecord image) {
        return cache.get(image.sha256(), models.packId()).orElseGet(() -> analyzer.embedding(readFile(image)));
    }

    /** A JPEG thumbnail (longest side {@link IndexSettings#thumbnailSize()}), generated once per content hash. */
    public byte[] thumbnail(String id) {
        return analyzer.thumbnail(readFile(image(id)));
    }

    private byte[] readFile(ImageRecord image) {
        try {
            return analyzer.readBounded(file(image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + image.rootId() + "/" + image.relativePath()
                    + " (was it moved? re-ingest the root)", e);
        }
    }

    /** Embedding-cache statistics. */
    public EmbeddingCache.Stats cacheStats() {
        return cache.stats();
    }

    /** Bytes the Lucene index occupies on disk. */
    public long indexSizeBytes() {
        return index.sizeOnDisk();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops active runs (their committed work is kept; they end interrupted), waits for them, commits and closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (jobs) {
            jobs.forEach(IngestJob::stopForClose);
        }
        ingestion.shutdown();
        reranking.shutdown();
        try {
            if (!ingestion.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("ingestion did not stop within 60 s; closing anyway");
                ingestion.shutdownNow();
            }
            reranking.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            index.close();
        } catch (IOException e) {
            throw new LibraryException("cannot close the library index: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the photo library at " + dataDir + " is closed");
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
