package dev.findling.index.store;

import dev.findling.index.IndexSettings;

import java.nio.file.Path;

/**
 * Opens the {@link LibraryStore} a library keeps its index in. The embedded back end keeps a Lucene
 * index in the data folder; others keep it elsewhere (a SolrCloud collection), while roots, the
 * embedding cache and thumbnails always stay in the local data folder.
 */
public interface LibraryBackend {

    /**
     * Opens (or creates) the store.
     *
     * @throws dev.findling.index.PackMismatchException when it holds vectors of another pack or layout
     * @throws dev.findling.index.LibraryException      when it cannot be used
     */
    LibraryStore open(Path dataDir, IndexIdentity identity, IndexSettings settings);

    /** Deletes everything the store holds (for {@code findling reindex}), then opens it empty. */
    LibraryStore recreate(Path dataDir, IndexIdentity identity, IndexSettings settings);

    /** Where the store lives, for logs and messages ("Lucene index in …", "SolrCloud collection …"). */
    String describe(Path dataDir);

    /**
     * Whether several processes may write the store at once (each ingesting its {@code WorkerShare}); the
     * embedded index is written by one process only.
     */
    default boolean sharedBetweenProcesses() {
        return false;
    }

    /** The default: a Lucene index in {@code <dataDir>/index}, written by this process only. */
    static LibraryBackend embedded() {
        return EmbeddedBackend.INSTANCE;
    }
}
