package dev.findling.index.solr;

import dev.findling.index.Candidate;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.IndexSettings;
import dev.findling.index.LibraryException;
import dev.findling.index.PackMismatchException;
import dev.findling.index.TextHit;
import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.IndexedFile;
import dev.findling.index.store.LibraryStore;
import dev.findling.index.store.PatchVector;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudLegacySolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.HttpSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.CoreAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.CoreAdminResponse;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.params.CursorMarkParams;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The library index as a SolrCloud collection, with the embedded index's semantics (see
 * {@link LibraryStore}): one block per image (patch children, then the image parent) so the image and
 * its patches live on one shard and are replaced as one, standalone failure records, and a
 * {@code kind=meta} record holding the {@link IndexIdentity} that every later start verifies.
 *
 * <p><b>Writes.</b> Upserts and deletes are buffered and sent as one SolrJ update request per batch
 * ({@link SolrLibrarySettings#batchDocuments()} documents, and always at {@link #commit()}), keyed by
 * image id so a batch holds at most one operation per image. A batch is idempotent (an update of an
 * id replaces the whole block), so a run killed at any point is redone by the next {@code MISSING}
 * run from what the collection holds, nothing indexed twice.
 *
 * <p><b>Concept retrieval</b> on Solr 9.10, whose {@code knn} parser searches patches, not images:
 * (1) a block join {@code {!parent score=max}} over {@code {!knn}} patches ranks images by their best
 * patch among the {@code want × childOverfetch} nearest patches of each shard (an image whose best
 * patch is crowded out by other images' patches is missed — the recall cost BENCHMARKS.md measures),
 * asking again for more patches while fewer than the wanted images come back;
 * (2) the exact best patch of each retrieved image, over all its patches, by a function query
 * ({@code vectorSimilarity}) collapsed to the best child per parent. Solr keeps vectors as floats, so
 * both scores are exact cosines and the order equals the embedded index's exact re-scoring.
 */
public final class SolrLibraryIndex implements LibraryStore {
    private static final Logger LOG = LoggerFactory.getLogger(SolrLibraryIndex.class);

    static final String META_ID = "_findling_identity";
    private static final String PARENTS_FILTER = "kind:(image OR failed OR meta)";
    private static final String FIELDS = "id,kind,root,path,sha256,size,mtime,width,height,pack,patches,grid_rows,grid_cols,"
            + "mask_rule,has_global,reason";
    private static final int PAGE = 1000;

    private final CloudSolrClient client;
    private final SolrLibrarySettings settings;
    private final IndexIdentity identity;
    private final String collection;
    /** Buffered writes of the current batch: image id → the block to write, or {@link #DELETE}. */
    private final Map<String, SolrInputDocument> pending = new LinkedHashMap<>();
    private int pendingDocuments;
    private static final SolrInputDocument DELETE = new SolrInputDocument();

    private SolrLibraryIndex(CloudSolrClient client, SolrLibrarySettings settings, IndexIdentity identity) {
        this.client = client;
        this.settings = settings;
        this.identity = identity;
        this.collection = settings.collection();
    }

    /**
     * Connects to the cluster and opens the collection: on first use uploads the configset and creates
     * the collection ({@code shards × replicas}); afterwards verifies the layout version and identity.
     *
     * @param recreate delete the collection first ({@code findling reindex})
     * @throws PackMismatchException when the collection holds another pack's vectors or an older layout
     * @throws LibraryException      when the cluster cannot be reached or refuses
     */
    public static SolrLibraryIndex open(SolrLibrarySettings settings, IndexIdentity identity, IndexSettings index,
                                        boolean recreate) {
        @SuppressWarnings("deprecation") // the Apache-HttpClient client keeps Jetty's HTTP client off app/'s classpath
        CloudSolrClient client = settings.zkHosts().isEmpty()
                ? new CloudLegacySolrClient.Builder(settings.solrUrls()).build()
                : new CloudLegacySolrClient.Builder(settings.zkHosts(), settings.zkChroot()).build();
        try {
            SolrLibraryIndex store = new SolrLibraryIndex(client, settings, identity);
            store.prepare(index, recreate);
            return store;
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private void prepare(IndexSettings index, boolean recreate) {
        String where = settings.describe();
        try {
            boolean exists = CollectionAdminRequest.listCollections(client).contains(collection);
            if (exists && recreate) {
                LOG.info("Deleting {} to rebuild it", where);
                check(CollectionAdminRequest.deleteCollection(collection).process(client), "delete " + where);
                exists = false;
            }
            if (!exists) {
                create(index);
            }
            verify(where);
        } catch (SolrServerException | IOException | org.apache.solr.common.SolrException e) {
            throw new LibraryException("cannot use " + where + ": " + e.getMessage(), e);
        }
    }

    private void create(IndexSettings index) throws SolrServerException, IOException {
        String configSet = settings.configSetName();
        byte[] zip = SolrConfigSet.zip(identity, index);
        ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload();
        upload.setConfigSetName(configSet);
        upload.setUploadStream(new ContentStreamBase.ByteArrayStream(zip, configSet + ".zip", "application/zip"))
                .setOverwrite(true)
                .setCleanup(true);
        check(upload.process(client), "upload the configset " + configSet);
        try {
            CollectionAdminRequest.Create create =
                    CollectionAdminRequest.createCollection(collection, configSet, settings.shards(), settings.replicas());
            create.setWaitForFinalState(true);
            check(create.process(client), "create " + settings.describe());
            LOG.info("Created {} ({} shards × {} replicas, configset {})", settings.describe(), settings.shards(),
                    settings.replicas(), configSet);
        } catch (RuntimeException | SolrServerException e) {
            // Another worker may have created it at the same moment; then verify() checks what it made.
            if (!CollectionAdminRequest.listCollections(client).contains(collection)) {
                throw e;
            }
        }
    }

    private void verify(String where) throws SolrServerException, IOException {
        String schemaName = new SchemaRequest.SchemaName().process(client, collection).getSchemaName();
        if (!SolrConfigSet.SCHEMA_NAME.equals(schemaName)) {
            throw new PackMismatchException("the " + where + " has schema '" + schemaName + "' but this version of Findling uses '"
                    + SolrConfigSet.SCHEMA_NAME + "'; run `" + PackMismatchException.REINDEX_COMMAND + " --backend solr` to rebuild it"
                    + " (or point findling.library.solr.collection at another collection)");
        }
        SolrDocument meta = client.getById(collection, META_ID);
        if (meta == null) {
            long docs = client.query(collection, new SolrQuery("*:*").setRows(0)).getResults().getNumFound();
            if (docs > 0) {
                throw new PackMismatchException("the " + where + " holds " + docs + " documents but no Findling identity record;"
                        + " run `" + PackMismatchException.REINDEX_COMMAND + " --backend solr` to rebuild it");
            }
            SolrInputDocument d = new SolrInputDocument();
            d.setField("id", META_ID);
            d.setField("kind", "meta");
            d.setField("identity", encode(identity.toUserData()));
            client.add(collection, d);
            client.commit(collection, true, true);
            return;
        }
        identity.checkCompatible(decode((String) meta.getFirstValue("identity")), where);
    }

    private static String encode(Map<String, String> map) {
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> map = new HashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return map;
    }

    private static void check(org.apache.solr.client.solrj.response.SolrResponseBase response, String what) {
        Object error = response.getResponse() == null ? null : response.getResponse().get("failure");
        if (error == null && response.getResponse() != null) {
            error = response.getResponse().get("exception");
        }
        if (error != null) {
            throw new LibraryException("cannot " + what + ": " + error);
        }
    }

    @Override
    public IndexIdentity identity() {
        return identity;
    }

    // ------------------------------------------------------------------------------------------- writes

    @Override
    public void upsert(ImageDocument doc) {
        ImageRecord r = doc.record();
        SolrInputDocument parent = parentFields("image", r.id(), r.rootId(), r.relativePath(), r.sizeBytes(), r.modifiedMillis());
        parent.setField("sha256", r.sha256());
        parent.setField("width", r.width());
        parent.setField("height", r.height());
        parent.setField("pack", r.packId());
        parent.setField("patches", doc.patches().size());
        parent.setField("grid_rows", doc.gridRows());
        parent.setField("grid_cols", doc.gridCols());
        parent.setField("mask_rule", doc.maskRule());
        if (doc.globalVector() != null) {
            parent.setField("global_vector", floats(doc.globalVector()));
            parent.setField("has_global", true);
        }
        List<SolrInputDocument> children = new ArrayList<>(doc.patches().size());
        for (PatchVector p : doc.patches()) {
            SolrInputDocument child = new SolrInputDocument();
            child.setField("id", r.id() + "/" + p.row() + "," + p.col());
            child.setField("kind", "patch");
            child.setField("root", r.rootId());
            child.setField("parent", r.id());
            child.setField("cell", p.row() * CELL_STRIDE + p.col());
            child.setField("patch_vector", floats(p.vector()));
            children.add(child);
        }
        parent.addChildDocuments(children);
        buffer(r.id(), parent, children.size() + 1);
    }

    static final int CELL_STRIDE = 256;

    @Override
    public void recordFailure(String id, FileFailure failure, long sizeBytes, long modifiedMillis) {
        SolrInputDocument d = parentFields("failed", id, failure.rootId(), failure.relativePath(), sizeBytes, modifiedMillis);
        d.setField("reason", failure.reason());
        buffer(id, d, 1);
    }

    private static SolrInputDocument parentFields(String kind, String id, String root, String path, long size, long mtime) {
        SolrInputDocument d = new SolrInputDocument();
        d.setField("id", id);
        d.setField("kind", kind);
        d.setField("root", root);
        d.setField("path", path);
        d.setField("size", size);
        d.setField("mtime", mtime);
        return d;
    }

    private static List<Float> floats(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
    }

    @Override
    public void delete(String id) {
        buffer(id, DELETE, 1);
    }

    private synchronized void buffer(String id, SolrInputDocument doc, int documents) {
        pending.remove(id);
        pending.put(id, doc);
        pendingDocuments += documents;
        if (pendingDocuments >= settings.batchDocuments()) {
            flush();
        }
    }

    /** Sends the buffered batch as one update request (an id's block replaces the old one, deletes take its block). */
    private synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        UpdateRequest request = new UpdateRequest();
        for (Map.Entry<String, SolrInputDocument> e : pending.entrySet()) {
            if (e.getValue() == DELETE) {
                request.deleteById(e.getKey());
            } else {
                request.add(e.getValue());
            }
        }
        try {
            request.process(client, collection);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new LibraryException("cannot write " + pending.size() + " images to " + settings.describe() + ": "
                    + e.getMessage(), e);
        }
        pending.clear();
        pendingDocuments = 0;
    }

    @Override
    public synchronized void deleteRoot(String rootId) {
        flush();
        try {
            client.deleteByQuery(collection, "root:" + quote(rootId));
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new LibraryException("cannot delete root '" + rootId + "' from " + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commit() {
        flush();
        try {
            client.commit(collection, true, true);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new LibraryException("cannot commit " + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Solr merges segments under its own merge policy; a forced merge of a live collection is not worth its cost. */
    @Override
    public boolean mergeForSearch() {
        commit();
        return false;
    }

    // ------------------------------------------------------------------------------------------- reads

    @Override
    public Map<String, IndexedFile> filesOf(String rootId) {
        Map<String, IndexedFile> out = new HashMap<>();
        SolrQuery q = new SolrQuery("kind:(image OR failed)").addFilterQuery("root:" + quote(rootId))
                .setFields("id,kind,path,sha256,size,mtime,mask_rule");
        forEach(q, d -> {
            String sha = (String) d.getFirstValue("sha256");
            Number maskRule = (Number) d.getFirstValue("mask_rule");
            String path = (String) d.getFirstValue("path");
            out.put(path, new IndexedFile((String) d.getFirstValue("id"), path, "failed".equals(d.getFirstValue("kind")),
                    number(d, "size"), number(d, "mtime"), sha, maskRule == null ? 0 : maskRule.intValue()));
        });
        return out;
    }

    @Override
    public Optional<ImageRecord> image(String id) {
        SolrQuery q = new SolrQuery("id:" + quote(id)).addFilterQuery("kind:image").setFields(FIELDS).setRows(1);
        SolrDocumentList docs = query(q).getResults();
        return docs.isEmpty() ? Optional.empty() : Optional.of(toRecord(docs.get(0)));
    }

    @Override
    public List<ImageRecord> images(String rootId, int offset, int limit) {
        SolrQuery q = rootFiltered("kind:image", rootId).setFields(FIELDS).setStart(offset).setRows(limit)
                .addSort("path", SolrQuery.ORDER.asc).addSort("id", SolrQuery.ORDER.asc);
        return query(q).getResults().stream().map(SolrLibraryIndex::toRecord).toList();
    }

    @Override
    public int imageCount(String rootId) {
        return (int) query(rootFiltered("kind:image", rootId).setRows(0)).getResults().getNumFound();
    }

    @Override
    public List<FileFailure> failures(String rootId) {
        List<FileFailure> out = new ArrayList<>();
        SolrQuery q = rootFiltered("kind:failed", rootId).setFields("id,root,path,reason");
        forEach(q, d -> out.add(new FileFailure((String) d.getFirstValue("root"), (String) d.getFirstValue("path"),
                (String) d.getFirstValue("reason"))));
        out.sort(Comparator.comparing(FileFailure::relativePath));
        return out;
    }

    @Override
    public List<Candidate> candidates(float[] target, int k, int oversample, String rootId) {
        if (target.length != identity.patchDim()) {
            throw new IllegalArgumentException("target_feat has " + target.length + " values but this library's pack '"
                    + identity.packId() + "' uses " + identity.patchDim() + "-d patch vectors");
        }
        int want = Math.min(10_000, k * oversample);
        String vector = vectorLiteral(target);
        String patchFilter = rootId == null ? "kind:patch" : "root:" + quote(rootId);

        // (1) images ranked by their best patch among each shard's nearest patches. When those patches
        // belong to fewer than `want` images (a small library, or a concept a few images dominate), ask
        // again for more until the images are found or every patch was a candidate, as the embedded
        // diversifying query does.
        Map<String, ImageRecord> records = new LinkedHashMap<>();
        Map<String, int[]> grids = new HashMap<>();
        long patchesPerShard = (long) want * settings.childOverfetch();
        long patchCount = -1;
        while (true) {
            records.clear();
            grids.clear();
            SolrQuery images = new SolrQuery("{!parent which=$parents score=max v=$patches}")
                    .setFields(FIELDS + ",score").setRows(want);
            images.set("parents", PARENTS_FILTER);
            images.set("patches", "{!knn f=patch_vector topK=" + patchesPerShard
                    + (rootId == null ? "" : " preFilter=$patchFilter") + "}" + vector);
            if (rootId != null) {
                images.set("patchFilter", patchFilter);
            }
            for (SolrDocument d : query(images).getResults()) {
                ImageRecord r = toRecord(d);
                records.put(r.id(), r);
                grids.put(r.id(), new int[] {(int) number(d, "grid_rows"), (int) number(d, "grid_cols")});
            }
            if (records.size() >= want) {
                break;
            }
            if (patchCount < 0) {
                patchCount = query(new SolrQuery(patchFilter).setRows(0)).getResults().getNumFound();
            }
            if (patchesPerShard >= patchCount) {
                break;
            }
            patchesPerShard = Math.min(patchCount, patchesPerShard * 4);
        }
        if (records.isEmpty()) {
            return List.of();
        }

        // (2) the exact best patch of each of them, over all its patches
        SolrQuery best = new SolrQuery("{!func}vectorSimilarity(FLOAT32,DOT_PRODUCT,patch_vector," + vector + ")")
                .addFilterQuery("{!terms f=parent}" + String.join(",", records.keySet()))
                .addFilterQuery("{!collapse field=parent}")
                .setFields("parent,cell,score").setRows(records.size());
        List<Candidate> out = new ArrayList<>(records.size());
        for (SolrDocument d : query(best).getResults()) {
            String id = (String) d.getFirstValue("parent");
            ImageRecord r = records.get(id);
            if (r == null) {
                continue;
            }
            int cell = ((Number) d.getFirstValue("cell")).intValue();
            int[] grid = grids.get(id);
            out.add(new Candidate(r, cosine(d), cell / CELL_STRIDE, cell % CELL_STRIDE, grid[0], grid[1]));
        }
        out.sort(Comparator.comparingDouble(Candidate::patchScore).reversed().thenComparing(c -> c.image().id()));
        return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
    }

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
        SolrQuery q = new SolrQuery("{!knn f=global_vector topK=" + k + "}" + vectorLiteral(query))
                .setFields(FIELDS + ",score").setRows(k);
        if (rootId != null) {
            q.addFilterQuery("root:" + quote(rootId));
        }
        List<TextHit> out = new ArrayList<>();
        for (SolrDocument d : query(q).getResults()) {
            out.add(new TextHit(toRecord(d), cosine(d)));
        }
        out.sort(Comparator.comparingDouble(TextHit::score).reversed());
        return out;
    }

    /** Solr's dot_product similarity scores unit vectors as (1 + cos) / 2. */
    private static float cosine(SolrDocument d) {
        return 2 * ((Number) d.getFirstValue("score")).floatValue() - 1;
    }

    private static String vectorLiteral(float[] v) {
        StringBuilder b = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(v[i]);
        }
        return b.append(']').toString();
    }

    private static SolrQuery rootFiltered(String q, String rootId) {
        SolrQuery query = new SolrQuery(q);
        if (rootId != null) {
            query.addFilterQuery("root:" + quote(rootId));
        }
        return query;
    }

    /** A term in quotes for the standard query parser. */
    static String quote(String term) {
        return '"' + term.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private QueryResponse query(SolrQuery q) {
        try {
            return client.query(collection, q, org.apache.solr.client.solrj.SolrRequest.METHOD.POST);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new LibraryException("cannot search " + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Every document matching {@code q}, page by page with a cursor (stable while documents change). */
    private void forEach(SolrQuery q, java.util.function.Consumer<SolrDocument> action) {
        q.setRows(PAGE).setSort("id", SolrQuery.ORDER.asc);
        String cursor = CursorMarkParams.CURSOR_MARK_START;
        while (true) {
            q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
            QueryResponse r = query(q);
            r.getResults().forEach(action);
            String next = r.getNextCursorMark();
            if (next == null || next.equals(cursor)) {
                return;
            }
            cursor = next;
        }
    }

    private static long number(SolrDocument d, String field) {
        Object v = d.getFirstValue(field);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static ImageRecord toRecord(SolrDocument d) {
        return new ImageRecord((String) d.getFirstValue("id"), (String) d.getFirstValue("root"), (String) d.getFirstValue("path"),
                (String) d.getFirstValue("sha256"), number(d, "size"), number(d, "mtime"), (int) number(d, "width"),
                (int) number(d, "height"), (String) d.getFirstValue("pack"), (int) number(d, "patches"),
                Boolean.TRUE.equals(d.getFirstValue("has_global")));
    }

    /** Bytes of the collection's index over all its replicas (each core's index size). */
    @Override
    public long sizeOnDisk() {
        DocCollection state = client.getClusterState().getCollectionOrNull(collection);
        if (state == null) {
            return 0;
        }
        long total = 0;
        for (Replica replica : state.getReplicas()) {
            if (!client.getClusterState().getLiveNodes().contains(replica.getNodeName())) {
                continue;
            }
            @SuppressWarnings("deprecation")
            HttpSolrClient node = new HttpSolrClient.Builder(replica.getBaseUrl())
                    .withHttpClient(((CloudLegacySolrClient) client).getHttpClient()).build();
            try {
                CoreAdminResponse status = CoreAdminRequest.getStatus(replica.getCoreName(), node);
                NamedList<Object> core = status.getCoreStatus(replica.getCoreName());
                Object size = core == null ? null : core.findRecursive("index", "sizeInBytes");
                if (size instanceof Number n) {
                    total += n.longValue();
                }
            } catch (SolrServerException | IOException | RuntimeException e) {
                LOG.debug("index size of {} unavailable: {}", replica.getCoreName(), e.getMessage());
            }
        }
        return total;
    }

    /** Sends what is buffered, commits, and disconnects; the collection stays. */
    @Override
    public void close() throws IOException {
        try {
            commit();
        } finally {
            client.close();
        }
    }

    private static void closeQuietly(SolrClient c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
