package dev.findling.index.solr;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One 2-node SolrCloud for every test class of this module that uses the extension, started by the
 * first and shut down when the test run ends (JUnit's root store closes it), so the suite pays for
 * one cluster start.
 */
public final class SharedSolrCloud implements BeforeAllCallback {
    private static volatile SolrTestCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedSolrCloud.class, k -> new Running(), Running.class);
    }

    /** The running cluster; only inside a class extended with {@code @ExtendWith(SharedSolrCloud.class)}. */
    public static SolrTestCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no SolrCloud: extend the test class with @ExtendWith(SharedSolrCloud.class)");
        }
        return cluster;
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource {
        Running() {
            try {
                cluster = SolrTestCluster.start(2);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test SolrCloud: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            SolrTestCluster c = cluster;
            cluster = null;
            c.close();
        }
    }
}
