package dev.findling.index.solr;

import dev.findling.index.IndexSettings;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.LibraryBackend;
import dev.findling.index.store.LibraryStore;

import java.nio.file.Path;

/**
 * The library's index on a SolrCloud collection ({@code findling.library.backend=solr}). Roots, the
 * embedding cache and thumbnails stay in the local data folder of each worker.
 */
public final class SolrBackend implements LibraryBackend {
    private final SolrLibrarySettings settings;

    public SolrBackend(SolrLibrarySettings settings) {
        this.settings = settings;
    }

    public SolrLibrarySettings settings() {
        return settings;
    }

    @Override
    public LibraryStore open(Path dataDir, IndexIdentity identity, IndexSettings index) {
        return SolrLibraryIndex.open(settings, identity, index, false);
    }

    @Override
    public LibraryStore recreate(Path dataDir, IndexIdentity identity, IndexSettings index) {
        return SolrLibraryIndex.open(settings, identity, index, true);
    }

    /** Every worker writes its own files into the one collection (index/solr/README.md, "Several workers"). */
    @Override
    public boolean sharedBetweenProcesses() {
        return true;
    }

    @Override
    public String describe(Path dataDir) {
        return settings.describe();
    }
}
