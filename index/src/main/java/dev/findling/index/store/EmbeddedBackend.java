package dev.findling.index.store;

import dev.findling.index.IndexSettings;
import dev.findling.index.LibraryException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The embedded Lucene index in {@code <dataDir>/index}. */
final class EmbeddedBackend implements LibraryBackend {
    static final EmbeddedBackend INSTANCE = new EmbeddedBackend();
    static final String INDEX_DIR = "index";

    private EmbeddedBackend() {
    }

    @Override
    public LibraryStore open(Path dataDir, IndexIdentity identity, IndexSettings settings) {
        return LibraryIndex.open(dataDir.resolve(INDEX_DIR), identity,
                new LibraryIndex.VectorFormatSettings(settings.hnswMaxConnections(), settings.hnswBeamWidth(),
                        settings.quantizeVectors()));
    }

    @Override
    public LibraryStore recreate(Path dataDir, IndexIdentity identity, IndexSettings settings) {
        Path indexDir = dataDir.resolve(INDEX_DIR);
        if (Files.exists(indexDir)) {
            try (Stream<Path> walk = Files.walk(indexDir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new LibraryException("cannot delete the old index at " + indexDir + ": " + e.getMessage(), e);
            }
        }
        return open(dataDir, identity, settings);
    }

    @Override
    public String describe(Path dataDir) {
        return "Lucene index in " + dataDir.resolve(INDEX_DIR);
    }
}
