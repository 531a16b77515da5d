package dev.findling.index.solr;

import java.util.List;
import java.util.Optional;

/**
 * Where the library's SolrCloud collection lives and how it is created.
 *
 * @param zkHosts          ZooKeeper ensemble ({@code host:port} each); empty when {@code solrUrls} are given
 * @param zkChroot         ZooKeeper chroot of the Solr cluster ({@code /solr}), or empty
 * @param solrUrls         Solr base URLs ({@code http://host:8983/solr}); used when no ZooKeeper host is given
 * @param collection       collection name; the configset is named after it ({@code <collection>-findling})
 * @param shards           shards when Findling creates the collection
 * @param replicas         replicas per shard when Findling creates the collection
 * @param childOverfetch   Solr 9.10's {@code knn} parser finds nearest <em>patches</em>, not images: a
 *                         query asks each shard for {@code images wanted × childOverfetch} patches and
 *                         keeps the images they belong to (several near patches often share one image).
 *                         Larger values trade latency for recall (BENCHMARKS.md)
 * @param batchDocuments   an ingestion sends its buffered images in one update request once they hold
 *                         this many Solr documents (patches + parents), and always at each commit
 */
public record SolrLibrarySettings(List<String> zkHosts, Optional<String> zkChroot, List<String> solrUrls,
                                  String collection, int shards, int replicas, int childOverfetch,
                                  int batchDocuments) {

    public static final String DEFAULT_COLLECTION = "findling-library";

    public SolrLibrarySettings {
        zkHosts = List.copyOf(zkHosts);
        solrUrls = List.copyOf(solrUrls);
        if (zkHosts.isEmpty() == solrUrls.isEmpty()) {
            throw new IllegalArgumentException("give either ZooKeeper hosts (findling.library.solr.zk-host) or Solr base URLs"
                    + " (findling.library.solr.urls), not " + (zkHosts.isEmpty() ? "neither" : "both"));
        }
        if (collection == null || !collection.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("collection name must be letters, digits, '_', '.' or '-' but is '" + collection + "'");
        }
        require(shards >= 1 && shards <= 1024, "shards must be 1..1024 but is " + shards);
        require(replicas >= 1 && replicas <= 16, "replicas must be 1..16 but is " + replicas);
        require(childOverfetch >= 1 && childOverfetch <= 64, "childOverfetch must be 1..64 but is " + childOverfetch);
        require(batchDocuments >= 1, "batchDocuments must be at least 1 but is " + batchDocuments);
    }

    /**
     * A cluster reached through ZooKeeper: {@code zkHost} is an ensemble string as Solr writes it,
     * {@code zk1:2181,zk2:2181/solr} (the optional chroot after the last host).
     */
    public static SolrLibrarySettings zooKeeper(String zkHost, String collection) {
        String hosts = zkHost.trim();
        Optional<String> chroot = Optional.empty();
        int slash = hosts.indexOf('/');
        if (slash >= 0) {
            chroot = Optional.of(hosts.substring(slash));
            hosts = hosts.substring(0, slash);
        }
        return new SolrLibrarySettings(List.of(hosts.split(",")), chroot, List.of(), collection, 2, 2,
                DEFAULT_CHILD_OVERFETCH, DEFAULT_BATCH_DOCUMENTS);
    }

    /** A cluster reached through Solr nodes' base URLs ({@code http://host:8983/solr}). */
    public static SolrLibrarySettings urls(List<String> solrUrls, String collection) {
        return new SolrLibrarySettings(List.of(), Optional.empty(), solrUrls, collection, 2, 2,
                DEFAULT_CHILD_OVERFETCH, DEFAULT_BATCH_DOCUMENTS);
    }

    /** Patches per wanted image asked of each shard; 8 reaches recall@50 ≥ 0.95 on the bench set (BENCHMARKS.md). */
    public static final int DEFAULT_CHILD_OVERFETCH = 8;
    /** About 30 images of 64 patches per update request. */
    public static final int DEFAULT_BATCH_DOCUMENTS = 2000;

    public SolrLibrarySettings withLayout(int shards, int replicas) {
        return new SolrLibrarySettings(zkHosts, zkChroot, solrUrls, collection, shards, replicas, childOverfetch, batchDocuments);
    }

    public SolrLibrarySettings withChildOverfetch(int overfetch) {
        return new SolrLibrarySettings(zkHosts, zkChroot, solrUrls, collection, shards, replicas, overfetch, batchDocuments);
    }

    public SolrLibrarySettings withBatchDocuments(int documents) {
        return new SolrLibrarySettings(zkHosts, zkChroot, solrUrls, collection, shards, replicas, childOverfetch, documents);
    }

    /** The configset Findling uploads for this collection. */
    public String configSetName() {
        return collection + "-findling";
    }

    /** "SolrCloud collection 'x' via ZooKeeper a:2181/solr" — for logs and messages. */
    public String describe() {
        return "SolrCloud collection '" + collection + "' via "
                + (zkHosts.isEmpty() ? String.join(",", solrUrls) : "ZooKeeper " + String.join(",", zkHosts) + zkChroot.orElse(""));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
