package dev.findling.index.solr;

import org.apache.solr.cloud.MiniSolrCloudCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SolrCloud for tests: Solr's own {@link MiniSolrCloudCluster} — an embedded ZooKeeper and Solr
 * nodes on loopback ports — started once per test class (a start costs ~10 s) and shut down after it.
 */
public final class SolrTestCluster implements AutoCloseable {
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();

    public final MiniSolrCloudCluster cluster;
    private final Path baseDir;

    private SolrTestCluster(MiniSolrCloudCluster cluster, Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    public static SolrTestCluster start(int nodes) throws Exception {
        // Solr's test framework expects these when it is not driven by its own JUnit 4 runner.
        System.setProperty("solr.allowPaths", "*");
        System.setProperty("solr.directoryFactory", "solr.NRTCachingDirectoryFactory");
        Path baseDir = Files.createTempDirectory("findling-solrcloud");
        MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, baseDir).build();
        return new SolrTestCluster(cluster, baseDir);
    }

    /** Settings for a new collection on this cluster (2 shards × 2 replicas), reached through ZooKeeper. */
    public SolrLibrarySettings newCollection(String prefix) {
        return settings(prefix + "-" + COLLECTIONS.incrementAndGet());
    }

    public SolrLibrarySettings settings(String collection) {
        return SolrLibrarySettings.zooKeeper(cluster.getZkServer().getZkAddress(), collection).withLayout(2, 2);
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.shutdown();
        } finally {
            try (var walk = Files.walk(baseDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
