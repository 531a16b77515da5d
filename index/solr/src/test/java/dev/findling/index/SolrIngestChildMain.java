package dev.findling.index;

import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrLibrarySettings;
import dev.findling.models.ModelPack;
import dev.findling.models.runtime.ExecutionSettings;

import java.nio.file.Path;

/**
 * {@link IngestChildMain} with the index on SolrCloud, for {@link SolrKillAndResumeTest}: ingests a folder
 * in a separate JVM, printing "committed N" per commit. Arguments: dataDir photosDir packDir zkHost collection.
 */
public final class SolrIngestChildMain {
    private SolrIngestChildMain() {
    }

    public static void main(String[] args) throws Exception {
        SolrBackend backend = new SolrBackend(SolrLibrarySettings.zooKeeper(args[3], args[4]).withLayout(2, 2));
        try (ModelPack pack = ModelPack.open(Path.of(args[2]), ExecutionSettings.defaults());
             PhotoLibrary library = PhotoLibrary.open(Path.of(args[0]), LibraryModels.of(pack), KillAndResumeTest.settings(), backend)) {
            String root = library.addRoot(Path.of(args[1])).id();
            IngestChildMain.ingestPrintingCommits(library, root);
        }
    }
}
