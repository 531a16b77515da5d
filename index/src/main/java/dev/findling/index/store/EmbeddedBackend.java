package dev.findling.index.store;

import dev.findling.index.IndexSettings;

import java.nio.file.Path;

/** The embedded Lucene index in {@code <dataDir>/index}. */
final class EmbeddedBackend implements LibraryBackend {
    static final EmbeddedBackend INSTANCE = new EmbeddedBackend();
    static final String INDEX_DIR = "index";

    private EmbeddedBackend() {
    }

    @Override
    public LibraryStore open(Path dataDir, IndexIdentity identity, IndexSettings settings) {
        return LibraryIndex.open(dataDir.resolve(INDEX_DIR), identity, vectors(settings));
    }

    private static LibraryIndex.VectorFormatSettings vectors(IndexSettings settings) {
        return new LibraryIndex.VectorFormatSettings(settings.hnswMaxConnections(), settings.hnswBeamWidth(),
                settings.quantizeVectors());
    }

    @Override
    public LibraryStore recreate(Path dataDir, IndexIdentity identity, IndexSettings settings) {
        // LibraryIndex.replace takes the write lock before it deletes anything, so a reindex beside a running
        // server is refused instead of pulling the index from under the server's writer.
        return LibraryIndex.replace(dataDir.resolve(INDEX_DIR), identity, vectors(settings));
    }

    @Override
    public String describe(Path dataDir) {
        return "Lucene index in " + dataDir.resolve(INDEX_DIR);
    }
}
