package dev.findling.index.store;

import dev.findling.index.Candidate;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.TextHit;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a library keeps its images, patch vectors and failure records: the embedded Lucene index
 * ({@link LibraryIndex}, the default) or a distributed one (the {@code findling-index-solr} module).
 * Every back end keeps the same semantics, which the shared library test suite checks on each.
 *
 * <p>Writes become durable and visible to searches at {@link #commit()}, and only then: an ingestion
 * killed between commits loses at most its uncommitted batch, and re-indexing an image replaces its
 * patches and parent as one unit, so an image is never half-indexed nor indexed twice.
 */
public interface LibraryStore extends Closeable {

    /** Pack, dimensions and patch grid of the vectors this store holds. */
    IndexIdentity identity();

    /** Replaces whatever the store holds for the image's id with the image's parent and patches. */
    void upsert(ImageDocument doc);

    /** Records that a file was processed and failed, replacing whatever was stored under {@code id}. */
    void recordFailure(String id, FileFailure failure, long sizeBytes, long modifiedMillis);

    /** Deletes an image (parent and patches) or a failure record. */
    void delete(String id);

    /** Deletes everything stored under a root (its images, patches and failure records). */
    void deleteRoot(String rootId);

    /** Makes everything written so far durable and visible to searches. */
    void commit();

    /** All images and failure records of a root, keyed by relative path. */
    Map<String, IndexedFile> filesOf(String rootId);

    Optional<ImageRecord> image(String id);

    /** Images of a root (or all roots when null), ordered by relative path. */
    List<ImageRecord> images(String rootId, int offset, int limit);

    int imageCount(String rootId);

    /** Failure records of a root (or all roots when null), ordered by relative path. */
    List<FileFailure> failures(String rootId);

    /**
     * The {@code k} images whose best patch is closest to {@code target} (unit length), best first,
     * each with its exact best-patch score and cell; approximate retrieval asks for
     * {@code k × oversample} images before the exact re-scoring.
     */
    List<Candidate> candidates(float[] target, int k, int oversample, String rootId);

    /** Images whose global vector is closest to {@code query} (unit length), with exact cosine scores. */
    List<TextHit> textSearch(float[] query, int k, String rootId);

    /** Bytes the index occupies (for a distributed store: over all replicas). */
    long sizeOnDisk();

    /**
     * Called once at the end of an ingestion run that changed anything, or that finds the store still
     * {@linkplain #awaitsMergeForSearch() waiting} for one, so the store can reorganise itself for fast search.
     *
     * @return whether anything was done
     */
    boolean mergeForSearch();

    /**
     * Whether an earlier run was stopped (killed during its end-of-run merge) before the store was reorganised for
     * fast search, so that the next run merges even when it changes nothing.
     */
    default boolean awaitsMergeForSearch() {
        return false;
    }

    @Override
    void close() throws IOException;
}
