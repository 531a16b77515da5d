package dev.findling.index;

import dev.findling.index.solr.SharedSolrCloud;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrLibrarySettings;
import dev.findling.index.store.LibraryBackend;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@link PhotoLibraryTest} — ingestion, incremental runs, concept and text search, paging, root
 * removal, cancel and resume, pack checks and reindex — with the index in a SolrCloud collection
 * (2 shards × 2 replicas on the shared 2-node test cluster); one collection per test.
 */
@ExtendWith(SharedSolrCloud.class)
class PhotoLibraryOnSolrCloudTest extends PhotoLibraryTest {
    private final SolrLibrarySettings collection = SharedSolrCloud.cluster().newCollection("photo-library");
    private final LibraryBackend backend = new SolrBackend(collection);

    @Override
    protected LibraryBackend backend() {
        return backend;
    }

    /** Runs before the inherited close: closes the library, then drops this test's collection. */
    @AfterEach
    void dropCollection() throws Exception {
        if (library != null) {
            library.close();
            library = null;
        }
        CollectionAdminRequest.deleteCollection(collection.collection())
                .process(SharedSolrCloud.cluster().cluster.getSolrClient());
    }

    /** The embedded index's write lock keeps a second process out; a SolrCloud collection is shared on purpose. */
    @Override
    @Test
    void reindexIsRefusedWhileTheLibraryIsOpenAndTheOpenLibraryKeepsItsIndex() {
        org.junit.jupiter.api.Assumptions.abort("embedded index only: a SolrCloud collection has no single-writer lock");
    }

    /** The end-of-run merge is the embedded index's; Solr merges segments under its own merge policy. */
    @Override
    @Test
    void aRunWithNothingToDoStillMergesWhatAnInterruptedMergeLeft() {
        org.junit.jupiter.api.Assumptions.abort("embedded index only: Solr merges under its own merge policy");
    }
}
