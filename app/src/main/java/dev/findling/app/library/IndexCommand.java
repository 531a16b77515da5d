package dev.findling.app.library;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.index.FileFailure;
import dev.findling.index.IngestJob;
import dev.findling.index.IngestMode;
import dev.findling.index.IngestProgress;
import dev.findling.jobs.JobState;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code index ROOT [--mode missing|all]}: adds ROOT as a library root when it is new and ingests it in the
 * foreground, in the same data dir (and so the same library) the server uses.
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add a folder to the photo library (when new) and index it: every image is encoded once by the",
                "pack's SAM encoder, its embedding cached and its patch vectors added to the Lucene kNN index.",
                "Progress goes to stderr; a summary (processed, unchanged, removed, skipped with reasons) to stdout.",
                "Stop the server first: one process at a time can write a data dir's library.",
                "Exit code 0 even when some files were skipped; 1 when the run failed."})
public class IndexCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "The folder of photos (indexed recursively).")
    Path root;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "missing",
            description = "missing: new and changed files only (default); all: every file again "
                    + "(embeddings still come from the cache).")
    IngestMode mode;

    @Autowired
    ActiveLibrary active;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(root)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "ROOT " + root + " is not a folder");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PhotoLibrary library = active.require();
        boolean known = library.roots().stream().anyMatch(r -> r.path().equals(realPath(root)));
        LibraryRoot r;
        try {
            r = active.addRoot(root);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "ROOT " + e.getMessage());
        }
        var share = library.settings().workerShare();
        err.printf(Locale.ROOT, "%s root '%s' (%s) in %s with pack %s%s%n", known ? "indexing" : "added and indexing",
                r.id(), r.path(), active.dataDir(), library.packId(),
                share.isAll() ? "" : " as worker " + share + " (its share of the files only)");
        return ingest(library, r, mode, out, err) ? ExitCode.OK : ExitCode.ERROR;
    }

    /** Runs one root's ingestion with a progress bar and prints its summary; false when the run failed. */
    static boolean ingest(PhotoLibrary library, LibraryRoot root, IngestMode mode, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        IngestProgressBar bar = new IngestProgressBar(err, System.console() != null);
        IngestJob job = library.ingest(root.id(), mode, bar);
        IngestProgress end;
        try {
            end = job.await(Duration.ofDays(365));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("ingestion did not finish", e);
        } finally {
            bar.finish();
        }
        printSummary(out, end, job.failures());
        if (end.state() == JobState.FAILED) {
            err.println("findling: error: ingestion of " + root.id() + " failed: " + end.message());
            return false;
        }
        return end.state() == JobState.COMPLETED;
    }

    static void printSummary(PrintWriter out, IngestProgress end, List<FileFailure> failures) {
        out.printf(Locale.ROOT, "root %s: %s in %.1f s — %d files, %d processed, %d unchanged, %d removed, %d skipped%n",
                end.rootId(), end.state().name().toLowerCase(Locale.ROOT), end.elapsed().toMillis() / 1000.0,
                Math.max(0, end.total()), end.processed(), end.unchanged(), end.removed(), end.errors());
        for (FileFailure f : failures) {
            out.printf(Locale.ROOT, "  skipped %s: %s%n", f.relativePath(), f.reason());
        }
        out.flush();
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
