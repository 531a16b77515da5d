package dev.findling.app.library;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PackMismatchException;
import dev.findling.index.PhotoLibrary;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import dev.findling.app.FindlingProperties;
import dev.findling.index.store.LibraryBackend;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code reindex}: rebuilds the library index with the active pack — after a pack change the old vectors mean
 * nothing (the index module refuses to open them and its message names this command,
 * {@value PackMismatchException#REINDEX_COMMAND}). Roots, embedding cache and thumbnails are kept.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = {"Rebuild the photo library's index with the active model pack and re-ingest every root",
                "(needed after changing the pack). Roots are kept; embeddings of the new pack are computed once.",
                "With --backend solr the index is rebuilt in the configured SolrCloud collection (findling.library.solr.*),",
                "which moves an embedded library to Solr; cached embeddings are reused, nothing is re-encoded."})
public class ReindexCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Autowired
    ActiveLibrary active;

    @Option(names = "--backend", paramLabel = "embedded|solr",
            description = "Back end to rebuild the index in (default: findling.library.backend).")
    FindlingProperties.LibraryBackendKind backendKind;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LibraryBackend backend = backendKind == null ? active.backend() : active.backend(backendKind);
        PhotoLibrary library = active.reindex(backend);
        List<LibraryRoot> roots = library.roots();
        err.printf(Locale.ROOT, "rebuilding the index (%s) with pack %s: %d root(s)%n", backend.describe(active.dataDir()),
                library.packId(), roots.size());
        boolean ok = true;
        for (LibraryRoot root : roots) {
            ok &= IndexCommand.ingest(library, root, IngestMode.ALL, out, err);
        }
        if (backendKind != null && backendKind != active.configuredBackend()) {
            err.printf(Locale.ROOT, "the index is now in %s; set findling.library.backend=%s so that Findling uses it%n",
                    backend.describe(active.dataDir()), backendKind.name().toLowerCase(Locale.ROOT));
        }
        return ok ? ExitCode.OK : ExitCode.ERROR;
    }
}
