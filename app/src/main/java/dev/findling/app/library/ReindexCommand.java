package dev.findling.app.library;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PackMismatchException;
import dev.findling.index.PhotoLibrary;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
                "(needed after changing the pack). Roots are kept; embeddings of the new pack are computed once."})
public class ReindexCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Autowired
    ActiveLibrary active;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PhotoLibrary library = active.reindex();
        List<LibraryRoot> roots = library.roots();
        err.printf(Locale.ROOT, "rebuilding the index in %s with pack %s: %d root(s)%n", active.dataDir(),
                library.packId(), roots.size());
        boolean ok = true;
        for (LibraryRoot root : roots) {
            ok &= IndexCommand.ingest(library, root, IngestMode.ALL, out, err);
        }
        return ok ? ExitCode.OK : ExitCode.ERROR;
    }
}
