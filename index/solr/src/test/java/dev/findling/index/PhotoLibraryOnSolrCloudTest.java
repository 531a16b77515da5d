package dev.findling.index;

import dev.findling.index.solr.SharedSolrCloud;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrLibrarySettings;
import dev.findling.index.store.LibraryBackend;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.junit.jupiter.api.AfterEach;
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
}
