package dev.findling.index;

import dev.findling.models.ModelPack;
import dev.findling.models.runtime.ExecutionSettings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Ingests a folder in a separate JVM so {@link KillAndResumeTest} can kill it mid-run. Prints one
 * "committed N" line per commit to stdout and "done" at the end.
 * Arguments: dataDir photosDir packDir.
 */
public final class IngestChildMain {
    private IngestChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path photos = Path.of(args[1]);
        try (ModelPack pack = ModelPack.open(Path.of(args[2]), ExecutionSettings.defaults());
             PhotoLibrary library = PhotoLibrary.open(data, pack, KillAndResumeTest.settings())) {
            String root = library.addRoot(photos).id();
            ingestPrintingCommits(library, root);
        }
    }

    /** Ingests {@code root}, printing "committed N" whenever the commit count moves and "done STATE" at the end. */
    static void ingestPrintingCommits(PhotoLibrary library, String root) throws Exception {
        int[] lastCommitted = {0};
        IngestProgress end = library.ingest(root, IngestMode.MISSING, new IngestListener() {
            @Override
            public void onProgress(IngestProgress p) {
                if (p.committed() != lastCommitted[0]) {
                    lastCommitted[0] = p.committed();
                    System.out.println("committed " + p.committed());
                    System.out.flush();
                }
            }
        }).await(Duration.ofMinutes(10));
        System.out.println("done " + end.state());
    }
}
