package dev.findling.app.library;

import dev.findling.app.FindlingProperties;
import dev.findling.app.packs.ActivePack;
import dev.findling.index.IndexSettings;
import dev.findling.index.LibraryRoot;
import dev.findling.index.LibraryException;
import dev.findling.index.LibraryModels;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrLibrarySettings;
import dev.findling.index.store.LibraryBackend;
import dev.findling.models.ModelPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/**
 * The one {@link PhotoLibrary} of this process, opened on the data dir with the active pack on first use and
 * closed with the application context. Lazy for the same reason as the pack: a CLI command that does not touch
 * the library must not take its Lucene write lock, and a broken pack is a 503 per request, not a failed start.
 *
 * <p>The configured roots ({@code findling.library.roots}) are added each time the library opens (adding a root
 * twice is a no-op in the index module).
 */
@Component
public class ActiveLibrary implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActiveLibrary.class);

    private final ActivePack activePack;
    private final FindlingProperties properties;
    private PhotoLibrary library;
    private ModelPack openedWith;
    private boolean closed;

    public ActiveLibrary(ActivePack activePack, FindlingProperties properties) {
        this.activePack = activePack;
        this.properties = properties;
    }

    /** Where the library keeps its index, embedding cache and thumbnails. */
    public Path dataDir() {
        return properties.dataDir().resolve("library");
    }

    /**
     * Adds a folder as a root of the open library, refusing Findling's own folders ({@link ReservedFolders}) — what
     * the API, the page and {@code findling index} call.
     *
     * @throws IllegalArgumentException (400) when the folder is missing, overlaps a root, or is inside or contains the
     *                                  data dir or the pack dir
     */
    public LibraryRoot addRoot(Path folder) {
        PhotoLibrary lib = require();
        reservedFolders().checkRoot(folder);
        return lib.addRoot(folder);
    }

    private ReservedFolders reservedFolders() {
        return new ReservedFolders(properties.dataDir(), properties.packDir(),
                properties.dataDir().resolve(DemoSetup.FOLDER));
    }

    /** The index settings from {@code findling.library.*}. */
    public IndexSettings settings() {
        FindlingProperties.Library c = properties.library();
        return IndexSettings.defaults()
                .withPatchGrid(c.patchGrid())
                .withHnsw(c.hnswM(), c.hnswBeamWidth())
                .withQuantizeVectors(c.quantizeVectors())
                .withCacheMaxBytes(c.cacheSizeMb() * 1024 * 1024)
                .withWorkerShare(c.workerShare());
    }

    public FindlingProperties.LibraryBackendKind configuredBackend() {
        return properties.library().backend();
    }

    /** Where the index lives ({@code findling.library.backend}, {@code findling.library.solr.*}). */
    public LibraryBackend backend() {
        return backend(properties.library().backend());
    }

    /**
     * The back end of the given kind with the configured settings.
     *
     * @throws LibraryException when {@code solr} is asked for without a ZooKeeper host or Solr URL configured
     */
    public LibraryBackend backend(FindlingProperties.LibraryBackendKind kind) {
        if (kind == FindlingProperties.LibraryBackendKind.EMBEDDED) {
            return LibraryBackend.embedded();
        }
        FindlingProperties.Solr solr = properties.library().solr();
        boolean zk = solr.zkHost() != null && !solr.zkHost().isBlank();
        if (zk == !solr.urls().isEmpty()) {
            throw new LibraryException("findling.library.backend=solr needs exactly one of findling.library.solr.zk-host"
                    + " (zk1:2181,zk2:2181/solr) or findling.library.solr.urls (http://solr1:8983/solr,...)");
        }
        try {
            SolrLibrarySettings settings = zk
                    ? SolrLibrarySettings.zooKeeper(solr.zkHost(), solr.collection())
                    : SolrLibrarySettings.urls(solr.urls(), solr.collection());
            return new SolrBackend(settings.withLayout(solr.shards(), solr.replicas()).withChildOverfetch(solr.childOverfetch()));
        } catch (IllegalArgumentException e) {
            throw new LibraryException("findling.library.solr is not usable: " + e.getMessage(), e);
        }
    }

    /** Images retrieved by best patch and re-ranked per concept search ({@code findling.library.candidates}). */
    public int configuredCandidates() {
        return properties.library().candidates();
    }

    /**
     * The open library.
     *
     * @throws dev.findling.app.packs.PackUnavailableException when the pack did not load (503)
     * @throws dev.findling.index.PackMismatchException        when the index was built with another pack (409; names {@code reindex})
     * @throws dev.findling.index.LibraryException             when the data folder cannot be used (e.g. another process has it)
     */
    public synchronized PhotoLibrary require() {
        if (closed) {
            throw new IllegalStateException("the photo library was closed because the application is shutting down");
        }
        ModelPack pack = activePack.require();
        if (library == null || openedWith != pack) {
            if (library != null) {
                // The pack was switched: the index of the old one is closed; opening it for the new pack may be refused
                // (PackMismatchException, the page offers a reindex), and must not leave the closed one here.
                library.close();
                library = null;
                openedWith = null;
            }
            LibraryBackend backend = backend();
            library = PhotoLibrary.open(dataDir(), LibraryModels.of(pack), settings(), backend);
            openedWith = pack;
            addConfiguredRoots(library);
            log.info("Opened the photo library in {}, index: {} ({} roots, {} images)", dataDir(),
                    backend.describe(dataDir()), library.roots().size(), library.imageCount(null));
        }
        return library;
    }

    /**
     * Deletes the index and opens a fresh one for the active pack (roots, embedding cache and thumbnails are kept);
     * the caller then ingests every root. What {@code findling reindex} does.
     */
    public synchronized PhotoLibrary reindex() {
        return reindex(backend());
    }

    /**
     * As {@link #reindex()}, into the given back end: {@code findling reindex --backend solr} moves a library to
     * SolrCloud (the cached embeddings are reused, so nothing is re-encoded). The open library uses that back end
     * until the process ends.
     */
    public synchronized PhotoLibrary reindex(LibraryBackend backend) {
        if (library != null) {
            library.close();
            library = null;
        }
        ModelPack pack = activePack.require();
        library = PhotoLibrary.reindex(dataDir(), LibraryModels.of(pack), settings(), backend);
        openedWith = pack;
        addConfiguredRoots(library);
        return library;
    }

    private void addConfiguredRoots(PhotoLibrary lib) {
        for (Path root : properties.library().roots()) {
            try {
                reservedFolders().checkRoot(root);
                LibraryRoot r = lib.addRoot(root);
                log.debug("Configured library root {} → {}", root, r.id());
            } catch (IllegalArgumentException e) {
                // A configured folder that is missing must not make the whole library unusable.
                log.warn("Configured library root {} was not added: {}", root, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (library != null) {
            library.close();
            library = null;
            log.info("Closed the photo library");
        }
    }
}
