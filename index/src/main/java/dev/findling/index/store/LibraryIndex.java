package dev.findling.index.store;

import dev.findling.index.Candidate;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.LibraryException;
import dev.findling.index.LibraryInUseException;
import dev.findling.index.TextHit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Lucene side of the library: one block per image — its patch child documents followed by the
 * image's parent document, written with one {@code updateDocuments} call so a block is never split.
 * Failure records (files that could not be decoded, or are not photos) are standalone parent
 * documents without vectors.
 *
 * <p>Durability is explicit: {@link #commit()} writes the identity (pack id, dimensions) into the
 * commit user data and refreshes the near-real-time searcher. A process killed between commits
 * loses only uncommitted blocks; Lucene's commit is atomic, so the index always opens cleanly.
 */
public final class LibraryIndex implements LibraryStore {
    static final String KIND = "kind";
    static final String KIND_IMAGE = "image";
    static final String KIND_PATCH = "patch";
    static final String KIND_FAILED = "failed";
    static final String ID = "id";
    static final String ROOT = "root";
    static final String PATH = "path";
    static final String PATH_SORT = "path_sort";
    static final String SHA = "sha256";
    static final String SIZE = "size";
    static final String MTIME = "mtime";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String PACK = "pack";
    static final String PATCH_COUNT = "patches";
    static final String GRID_ROWS = "grid_rows";
    static final String GRID_COLS = "grid_cols";
    static final String REASON = "reason";
    static final String PATCH_VECTOR = "patch_vector";
    static final String CELL = "cell";
    static final String GLOBAL_VECTOR = "global_vector";
    static final String HAS_GLOBAL = "has_global";
    static final String MASK_RULE = "mask_rule";

    private static final Logger LOG = LoggerFactory.getLogger(LibraryIndex.class);

    private static final Query PARENTS = new BooleanQuery.Builder()
            .add(new TermQuery(new Term(KIND, KIND_IMAGE)), BooleanClause.Occur.SHOULD)
            .add(new TermQuery(new Term(KIND, KIND_FAILED)), BooleanClause.Occur.SHOULD)
            .build();

    private final String path;
    private final IndexIdentity identity;
    private final Directory directory;
    private final Supplier<IndexWriterConfig> appendConfig;
    private final ExecutorService segmentSearch;
    private final ExecutorService vectorMerges;
    private final BitSetProducer parents = new QueryBitSetProducer(PARENTS);
    /** Guards replacing the writer and its searchers after a failure ({@link #writer()}, {@link #discardWriter}). */
    private final Object writerSwap = new Object();
    private volatile IndexWriter writer;
    private volatile SearcherManager searchers;
    private volatile boolean closed;

    private LibraryIndex(String path, IndexIdentity identity, Directory directory, Supplier<IndexWriterConfig> appendConfig,
                         IndexWriter writer, ExecutorService segmentSearch, ExecutorService vectorMerges) throws IOException {
        this.path = path;
        this.identity = identity;
        this.directory = directory;
        this.appendConfig = appendConfig;
        this.segmentSearch = segmentSearch;
        this.vectorMerges = vectorMerges;
        this.writer = writer;
        this.searchers = newSearchers(writer);
    }

    /**
     * Opens (or creates) the index at {@code path}.
     *
     * @throws dev.findling.index.PackMismatchException when the index was built with another pack or layout
     */
    public static LibraryIndex open(Path path, IndexIdentity identity, VectorFormatSettings vectors) {
        return open(path, identity, vectors, false);
    }

    /**
     * Replaces the index at {@code path} with an empty one for {@code identity} — what a reindex needs — under the
     * index's write lock: Lucene's {@code OpenMode.CREATE} takes the lock before it touches anything, and the old
     * files are deleted only when the empty commit is written. Another process holding the index is therefore
     * refused exactly as {@link #open} refuses it, and loses nothing.
     *
     * @throws LibraryException when another process has the index open
     */
    public static LibraryIndex replace(Path path, IndexIdentity identity, VectorFormatSettings vectors) {
        return open(path, identity, vectors, true);
    }

    private static LibraryIndex open(Path path, IndexIdentity identity, VectorFormatSettings vectors, boolean replace) {
        Directory dir;
        try {
            dir = FSDirectory.open(path);
        } catch (IOException e) {
            throw new LibraryException("cannot open the library index at " + path + ": " + e.getMessage(), e);
        }
        return open(dir, path.toString(), identity, vectors, replace);
    }

    /**
     * Opens (or, with {@code replace}, empties) the index in {@code dir}, which the index then owns and closes; what
     * {@link #open(Path, IndexIdentity, VectorFormatSettings)} does on the file system, and what tests use to put a
     * fault-injecting directory underneath. {@code path} names the index in messages.
     */
    static LibraryIndex open(Directory dir, String path, IndexIdentity identity, VectorFormatSettings vectors,
                             boolean replace) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        // Merging segments rebuilds their HNSW graph, the most expensive thing the index does; every
        // core builds it (a graph merge is one task at a time, so this pool is only busy during one).
        ExecutorService vectorMerges = cores > 1 ? Executors.newFixedThreadPool(cores, daemonThreads("findling-vector-merge")) : null;
        ExecutorService segmentSearch = null;
        Supplier<IndexWriterConfig> append = () -> new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCodec(codec(vectors, vectorMerges == null ? 1 : cores, vectorMerges))
                .setRAMBufferSizeMB(64);
        try {
            if (!replace && DirectoryReader.indexExists(dir)) {
                identity.checkCompatible(SegmentInfos.readLatestCommit(dir).getUserData(), path);
            }
            IndexWriterConfig config = append.get();
            if (replace) {
                config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            }
            IndexWriter writer = new IndexWriter(dir, config);
            writer.setLiveCommitData(identity.toUserData().entrySet());
            writer.commit();
            // kNN queries search each segment as a separate task: with an executor, segments are
            // searched in parallel, which is what keeps latency flat while a library has many segments.
            segmentSearch = Executors.newFixedThreadPool(cores, daemonThreads("findling-segment-search"));
            return new LibraryIndex(path, identity, dir, append, writer, segmentSearch, vectorMerges);
        } catch (LockObtainFailedException e) {
            shutdown(vectorMerges);
            shutdown(segmentSearch);
            closeQuietly(dir);
            throw new LibraryInUseException("the library index at " + path
                    + " is in use by another Findling process; stop it or use another data folder", e);
        } catch (IOException e) {
            shutdown(vectorMerges);
            shutdown(segmentSearch);
            closeQuietly(dir);
            throw new LibraryException("cannot open the library index at " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            shutdown(vectorMerges);
            shutdown(segmentSearch);
            closeQuietly(dir);
            throw e;
        }
    }

    private SearcherManager newSearchers(IndexWriter w) throws IOException {
        return new SearcherManager(w, true, false, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
                return new IndexSearcher(reader, segmentSearch);
            }
        });
    }

    /**
     * The writer, reopened from the last commit when a failure discarded the previous one. A failed write or commit
     * (a full disk, above all) rolls the writer back ({@link #discardWriter}); the operation after it starts again
     * from what was committed — nothing committed is lost, and an ingestion redoes the uncommitted files on its next
     * run — instead of every later operation failing with "this IndexWriter is closed" until a restart.
     */
    private IndexWriter writer() {
        IndexWriter w = writer;
        if (w.isOpen()) {
            return w;
        }
        synchronized (writerSwap) {
            if (closed) {
                throw new LibraryException("the library index at " + path + " is closed");
            }
            if (!writer.isOpen()) {
                reopenWriter();
            }
            return writer;
        }
    }

    /** Under {@link #writerSwap}: a new writer on the last commit, and searchers that see only what it sees. */
    private void reopenWriter() {
        try {
            IndexWriter fresh = new IndexWriter(directory, appendConfig.get());
            fresh.setLiveCommitData(identity.toUserData().entrySet());
            SearcherManager old = searchers;
            SearcherManager freshSearchers;
            try {
                freshSearchers = newSearchers(fresh);
            } catch (IOException | RuntimeException e) {
                fresh.rollback();
                throw e;
            }
            writer = fresh;
            searchers = freshSearchers;
            closeQuietly(old);
            LOG.info("Reopened the library index writer at {} from its last commit", path);
        } catch (LockObtainFailedException e) {
            throw new LibraryInUseException("the library index at " + path + " was taken by another Findling process "
                    + "after a failed write; stop it and try again", e);
        } catch (IOException e) {
            throw new LibraryException("cannot reopen the library index at " + path + " after a failed write: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Throws away {@code failed} and everything it had not committed (rollback), then tries to reopen at once so that
     * searches stop seeing the discarded changes; if even that fails, the next write tries again.
     */
    private void discardWriter(IndexWriter failed, Throwable cause) {
        synchronized (writerSwap) {
            if (writer != failed || closed) {
                return; // another thread already replaced it
            }
            try {
                failed.rollback();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
            try {
                reopenWriter();
            } catch (LibraryException e) {
                cause.addSuppressed(e);
                LOG.warn("The library index writer at {} stays closed until the next write: {}", path, e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface WriterOperation {
        void apply(IndexWriter writer) throws IOException;
    }

    /** Runs one write on the current writer; on an I/O failure the writer is discarded and the error says so. */
    private void write(String what, WriterOperation operation) {
        IndexWriter w = writer();
        try {
            operation.apply(w);
        } catch (IOException | AlreadyClosedException e) {
            discardWriter(w, e);
            throw new LibraryException("cannot " + what + ": " + e.getMessage() + " — changes since the last commit "
                    + "were discarded; nothing committed was lost", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void shutdown(ExecutorService pool) {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** HNSW parameters and quantization, chosen per field through the codec. */
    public record VectorFormatSettings(int maxConnections, int beamWidth, boolean quantize) {
    }

    /**
     * The per-field vector format: 7-bit scalar-quantized HNSW (raw floats kept) or plain float HNSW,
     * with {@code mergeWorkers} threads of {@code mergePool} building a merged segment's graph.
     */
    private static Lucene912Codec codec(VectorFormatSettings s, int mergeWorkers, ExecutorService mergePool) {
        KnnVectorsFormat format = s.quantize()
                // bits = 7, no 4-bit compression, default confidence interval.
                ? new Lucene99HnswScalarQuantizedVectorsFormat(s.maxConnections(), s.beamWidth(), mergeWorkers, 7, false, null, mergePool)
                : new Lucene99HnswVectorsFormat(s.maxConnections(), s.beamWidth(), mergeWorkers, mergePool);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    @Override
    public IndexIdentity identity() {
        return identity;
    }

    /** Replaces whatever the index holds for the image's id with the image's block (children, then parent). */
    @Override
    public void upsert(ImageDocument doc) {
        ImageRecord r = doc.record();
        List<Document> block = new ArrayList<>(doc.patches().size() + 1);
        for (PatchVector p : doc.patches()) {
            Document child = new Document();
            child.add(new StringField(KIND, KIND_PATCH, Field.Store.NO));
            child.add(new StringField(ID, r.id(), Field.Store.NO));
            child.add(new StringField(ROOT, r.rootId(), Field.Store.NO));
            child.add(new KnnFloatVectorField(PATCH_VECTOR, p.vector(), VectorSimilarityFunction.DOT_PRODUCT));
            child.add(new NumericDocValuesField(CELL, cellCode(p.row(), p.col())));
            block.add(child);
        }
        Document parent = new Document();
        parent.add(new StringField(KIND, KIND_IMAGE, Field.Store.NO));
        addCommonParentFields(parent, r.id(), r.rootId(), r.relativePath(), r.sizeBytes(), r.modifiedMillis());
        parent.add(new StringField(SHA, r.sha256(), Field.Store.YES));
        parent.add(new StoredField(WIDTH, r.width()));
        parent.add(new StoredField(HEIGHT, r.height()));
        parent.add(new StoredField(PACK, r.packId()));
        parent.add(new StoredField(PATCH_COUNT, doc.patches().size()));
        parent.add(new StoredField(GRID_ROWS, doc.gridRows()));
        parent.add(new StoredField(GRID_COLS, doc.gridCols()));
        parent.add(new StoredField(MASK_RULE, doc.maskRule()));
        if (doc.globalVector() != null) {
            parent.add(new KnnFloatVectorField(GLOBAL_VECTOR, doc.globalVector(), VectorSimilarityFunction.DOT_PRODUCT));
            parent.add(new StoredField(HAS_GLOBAL, 1));
        }
        block.add(parent);
        write("write " + r.relativePath() + " to the index", w -> w.updateDocuments(new Term(ID, r.id()), block));
    }

    /** Records that a file was processed and failed, so a "missing" run does not retry it until it changes. */
    @Override
    public void recordFailure(String id, FileFailure failure, long sizeBytes, long modifiedMillis) {
        Document d = new Document();
        d.add(new StringField(KIND, KIND_FAILED, Field.Store.NO));
        addCommonParentFields(d, id, failure.rootId(), failure.relativePath(), sizeBytes, modifiedMillis);
        d.add(new StoredField(REASON, failure.reason()));
        write("write to the index", w -> w.updateDocument(new Term(ID, id), d));
    }

    private static void addCommonParentFields(Document d, String id, String root, String relativePath, long size,
                                              long mtime) {
        d.add(new StringField(ID, id, Field.Store.YES));
        d.add(new StringField(ROOT, root, Field.Store.YES));
        d.add(new StringField(PATH, relativePath, Field.Store.YES));
        d.add(new SortedDocValuesField(PATH_SORT, new BytesRef(relativePath)));
        d.add(new StoredField(SIZE, size));
        d.add(new StoredField(MTIME, mtime));
    }

    /** Deletes an image (parent and patches) or a failure record. */
    @Override
    public void delete(String id) {
        write("delete from the index", w -> w.deleteDocuments(new Term(ID, id)));
    }

    /** Deletes everything indexed under a root (its images, patches and failure records). */
    @Override
    public void deleteRoot(String rootId) {
        write("delete from the index", w -> w.deleteDocuments(new Term(ROOT, rootId)));
    }

    /** Makes everything written so far durable and visible to searches. */
    @Override
    public void commit() {
        write("commit the library index at " + path, w -> {
            w.setLiveCommitData(identity.toUserData().entrySet());
            w.commit();
        });
        refresh();
    }

    /** Makes uncommitted changes visible to searches without making them durable. */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new LibraryException("cannot refresh the index searcher: " + e.getMessage(), e);
        } catch (AlreadyClosedException e) {
            // The writer was replaced after a failure; its new searchers already see its last commit.
        }
    }

    /** All images and failure records of a root, keyed by relative path. */
    @Override
    public Map<String, IndexedFile> filesOf(String rootId) {
        return withSearcher(s -> {
            Query q = new BooleanQuery.Builder()
                    .add(PARENTS, BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(ROOT, rootId)), BooleanClause.Occur.FILTER)
                    .build();
            int n = Math.max(1, s.count(q));
            TopDocs td = s.search(q, n);
            StoredFields stored = s.storedFields();
            Map<String, IndexedFile> out = new HashMap<>();
            for (ScoreDoc sd : td.scoreDocs) {
                Document d = stored.document(sd.doc);
                String sha = d.get(SHA);
                IndexableField maskRule = d.getField(MASK_RULE);
                out.put(d.get(PATH), new IndexedFile(d.get(ID), d.get(PATH), sha == null,
                        d.getField(SIZE).numericValue().longValue(), d.getField(MTIME).numericValue().longValue(), sha,
                        maskRule == null ? 0 : maskRule.numericValue().intValue()));
            }
            return out;
        });
    }

    @Override
    public Optional<ImageRecord> image(String id) {
        return withSearcher(s -> {
            Query q = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(KIND, KIND_IMAGE)), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(ID, id)), BooleanClause.Occur.FILTER)
                    .build();
            TopDocs td = s.search(q, 1);
            return td.scoreDocs.length == 0 ? Optional.empty() : Optional.of(toRecord(s.storedFields().document(td.scoreDocs[0].doc)));
        });
    }

    /** Images of a root (or all roots when null), ordered by relative path. */
    @Override
    public List<ImageRecord> images(String rootId, int offset, int limit) {
        return withSearcher(s -> {
            Query q = imagesQuery(rootId);
            int n = offset + limit;
            if (n <= 0) {
                return List.of();
            }
            TopDocs td = s.search(q, n, new Sort(new SortField(PATH_SORT, SortField.Type.STRING)));
            StoredFields stored = s.storedFields();
            List<ImageRecord> out = new ArrayList<>();
            for (int i = offset; i < td.scoreDocs.length; i++) {
                out.add(toRecord(stored.document(td.scoreDocs[i].doc)));
            }
            return out;
        });
    }

    @Override
    public int imageCount(String rootId) {
        return withSearcher(s -> s.count(imagesQuery(rootId)));
    }

    @Override
    public List<FileFailure> failures(String rootId) {
        return withSearcher(s -> {
            BooleanQuery.Builder b = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(KIND, KIND_FAILED)), BooleanClause.Occur.FILTER);
            if (rootId != null) {
                b.add(new TermQuery(new Term(ROOT, rootId)), BooleanClause.Occur.FILTER);
            }
            Query q = b.build();
            TopDocs td = s.search(q, Math.max(1, s.count(q)), new Sort(new SortField(PATH_SORT, SortField.Type.STRING)));
            StoredFields stored = s.storedFields();
            List<FileFailure> out = new ArrayList<>();
            for (ScoreDoc sd : td.scoreDocs) {
                Document d = stored.document(sd.doc);
                out.add(new FileFailure(d.get(ROOT), d.get(PATH), d.get(REASON)));
            }
            return out;
        });
    }

    private static Query imagesQuery(String rootId) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, KIND_IMAGE)), BooleanClause.Occur.FILTER);
        if (rootId != null) {
            b.add(new TermQuery(new Term(ROOT, rootId)), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    /**
     * The {@code k} images whose best patch is closest to {@code target} (unit length). The HNSW
     * query runs on quantized vectors and asks for {@code k × oversample} images; each is then
     * re-scored exactly over all its patches' raw float vectors, which restores the exact order.
     */
    @Override
    public List<Candidate> candidates(float[] target, int k, int oversample, String rootId) {
        if (target.length != identity.patchDim()) {
            throw new IllegalArgumentException("target_feat has " + target.length + " values but this library's pack '"
                    + identity.packId() + "' uses " + identity.patchDim() + "-d patch vectors");
        }
        return withSearcher(s -> {
            Query childFilter = rootId == null ? null : new TermQuery(new Term(ROOT, rootId));
            int want = Math.min(10_000, k * oversample);
            Query q = new DiversifyingChildrenFloatKnnVectorQuery(PATCH_VECTOR, target, childFilter, want, parents);
            TopDocs td = s.search(q, want);
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            Map<Integer, Candidate> byParent = new LinkedHashMap<>();
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : td.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                BitSet parentBits = parents.getBitSet(leaf);
                if (parentBits == null) {
                    continue;
                }
                int childInLeaf = sd.doc - leaf.docBase;
                int parentInLeaf = parentBits.nextSetBit(childInLeaf);
                int globalParent = leaf.docBase + parentInLeaf;
                if (byParent.containsKey(globalParent)) {
                    continue;
                }
                int firstChild = parentInLeaf == 0 ? 0 : parentBits.prevSetBit(parentInLeaf - 1) + 1;
                BestPatch best = bestPatch(leaf.reader(), firstChild, parentInLeaf, target);
                if (best == null) {
                    continue;
                }
                Document d = stored.document(globalParent);
                ImageRecord record = toRecord(d);
                int rows = d.getField(GRID_ROWS).numericValue().intValue();
                int cols = d.getField(GRID_COLS).numericValue().intValue();
                byParent.put(globalParent, new Candidate(record, best.score, best.row, best.col, rows, cols));
            }
            List<Candidate> out = new ArrayList<>(byParent.values());
            out.sort(Comparator.comparingDouble(Candidate::patchScore).reversed()
                    .thenComparing(c -> c.image().id()));
            return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
        });
    }

    private record BestPatch(float score, int row, int col) {
    }

    /** Exact best patch over the children [firstChild, parent) of one block. */
    private static BestPatch bestPatch(LeafReader reader, int firstChild, int parent, float[] target) throws IOException {
        FloatVectorValues vectors = reader.getFloatVectorValues(PATCH_VECTOR);
        NumericDocValues cells = reader.getNumericDocValues(CELL);
        if (vectors == null || cells == null) {
            return null;
        }
        BestPatch best = null;
        for (int doc = vectors.advance(firstChild); doc < parent; doc = vectors.nextDoc()) {
            float score = VectorMath.dot(target, vectors.vectorValue());
            if (best == null || score > best.score) {
                int code = cells.advanceExact(doc) ? (int) cells.longValue() : 0;
                best = new BestPatch(score, code / CELL_STRIDE, code % CELL_STRIDE);
            }
        }
        return best;
    }

    /** Text search: images whose global vector is closest to {@code query} (unit length), exact cosine scores. */
    @Override
    public List<TextHit> textSearch(float[] query, int k, String rootId) {
        if (identity.globalDim() == 0) {
            throw new IllegalStateException("pack '" + identity.packId()
                    + "' has no image-embedder, so this library has no global vectors for text search");
        }
        if (query.length != identity.globalDim()) {
            throw new IllegalArgumentException("query vector has " + query.length + " values but this library's global vectors are "
                    + identity.globalDim() + "-d");
        }
        return withSearcher(s -> {
            Query filter = rootId == null ? null : new TermQuery(new Term(ROOT, rootId));
            TopDocs td = s.search(new KnnFloatVectorQuery(GLOBAL_VECTOR, query, k, filter), k);
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            StoredFields stored = s.storedFields();
            List<TextHit> out = new ArrayList<>();
            for (ScoreDoc sd : td.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                FloatVectorValues values = leaf.reader().getFloatVectorValues(GLOBAL_VECTOR);
                int inLeaf = sd.doc - leaf.docBase;
                float score = values != null && values.advance(inLeaf) == inLeaf
                        ? VectorMath.dot(query, values.vectorValue())
                        : 2 * sd.score - 1; // DOT_PRODUCT scores are (1 + cos) / 2
                out.add(new TextHit(toRecord(stored.document(sd.doc)), score));
            }
            out.sort(Comparator.comparingDouble(TextHit::score).reversed());
            return out;
        });
    }

    /** Bytes of the committed index files on disk. */
    @Override
    public long sizeOnDisk() {
        long total = 0;
        try {
            for (String f : directory.listAll()) {
                try {
                    total += directory.fileLength(f);
                } catch (IOException ignored) {
                    // a file deleted by a concurrent merge
                }
            }
        } catch (IOException e) {
            throw new LibraryException("cannot list the index: " + e.getMessage(), e);
        }
        return total;
    }

    /** More than one segment: a run was killed during its end-of-run merge (or never reached it). */
    @Override
    public boolean awaitsMergeForSearch() {
        return segmentCount() > 1;
    }

    /** Segments in the index as the searchers currently see it. */
    public int segmentCount() {
        return withSearcher(s -> s.getIndexReader().leaves().size());
    }

    /**
     * Segments a merge may leave beside a large segment with deletions, and the share of live documents
     * they may hold: searching a few small extra graphs costs little, while merging them would rebuild
     * the large graph from scratch (see {@link #mergeForSearch()}).
     */
    static final int SMALL_SEGMENTS_KEPT = 4;
    static final double SMALL_SEGMENTS_SHARE = 0.10;

    /**
     * Merges the index into one segment and commits, so that a concept query walks one HNSW graph
     * instead of one per segment: at 20 000 images an ingestion leaves ~45 flushed segments, and one
     * segment is what brings candidate retrieval under its latency target (BENCHMARKS.md).
     *
     * <p>What a merge costs decides when it runs. Lucene grows the merged graph from the largest
     * segment's graph only when that segment has no deletions, so merging after photos were added is
     * cheap (the new vectors are inserted, the files rewritten). When the largest segment has deletions
     * (photos changed or removed) the whole graph is rebuilt — about 19 minutes for 20 000 images on two
     * cores — so then the merge waits until the other segments hold more than 10 % of the documents
     * ({@link #SMALL_SEGMENTS_SHARE}) or number more than {@value #SMALL_SEGMENTS_KEPT}.
     * Searches keep using the previous segments while a merge runs.
     *
     * @return whether a merge ran
     */
    @Override
    public boolean mergeForSearch() {
        commit();
        boolean worthIt = withSearcher(s -> {
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            if (leaves.size() <= 1) {
                return false;
            }
            LeafReader largest = leaves.stream().map(LeafReaderContext::reader)
                    .max(Comparator.comparingInt(LeafReader::maxDoc)).orElseThrow();
            if (!largest.hasDeletions()) {
                return true;
            }
            int live = s.getIndexReader().numDocs();
            int others = live - largest.numDocs();
            return leaves.size() - 1 > SMALL_SEGMENTS_KEPT || others > SMALL_SEGMENTS_SHARE * live;
        });
        if (!worthIt) {
            return false;
        }
        write("merge the library index at " + path, w -> w.forceMerge(1));
        commit();
        return true;
    }

    static final int CELL_STRIDE = 256;

    private static long cellCode(int row, int col) {
        return (long) row * CELL_STRIDE + col;
    }

    private static ImageRecord toRecord(Document d) {
        return new ImageRecord(d.get(ID), d.get(ROOT), d.get(PATH), d.get(SHA),
                d.getField(SIZE).numericValue().longValue(), d.getField(MTIME).numericValue().longValue(),
                d.getField(WIDTH).numericValue().intValue(), d.getField(HEIGHT).numericValue().intValue(),
                d.get(PACK), d.getField(PATCH_COUNT).numericValue().intValue(), d.getField(HAS_GLOBAL) != null);
    }

    @FunctionalInterface
    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherFunction<T> f) {
        SearcherManager manager = searchers; // released to the manager it came from, even if the writer is replaced
        IndexSearcher s;
        try {
            s = manager.acquire();
        } catch (IOException e) {
            throw new LibraryException("cannot search the library index: " + e.getMessage(), e);
        } catch (AlreadyClosedException e) {
            if (closed || searchers == manager) {
                throw new LibraryException("the library index at " + path + " is closed", e);
            }
            return withSearcher(f); // replaced between the read and the acquire: use the new one
        }
        try {
            return f.apply(s);
        } catch (IOException e) {
            throw new LibraryException("cannot search the library index: " + e.getMessage(), e);
        } finally {
            try {
                manager.release(s);
            } catch (IOException ignored) {
                // the searcher is closed with the manager
            }
        }
    }

    /** Rolls back nothing: uncommitted changes are committed on a clean close. */
    @Override
    public void close() throws IOException {
        synchronized (writerSwap) {
            closed = true;
        }
        try {
            searchers.close();
            IndexWriter w = writer;
            if (w.isOpen()) {
                w.setLiveCommitData(identity.toUserData().entrySet());
                w.close();
            }
        } finally {
            segmentSearch.shutdown();
            shutdown(vectorMerges);
            directory.close();
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing, or a searcher manager whose last reader goes with its last user
            }
        }
    }
}
