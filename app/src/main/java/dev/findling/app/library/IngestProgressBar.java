package dev.findling.app.library;

import dev.findling.index.FileFailure;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestProgress;
import dev.findling.jobs.JobState;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code index}'s progress on stderr: one line redrawn in place on a terminal, or a line per tenth of the root when
 * stderr is a file or a pipe (CI logs stay short). Skipped files are printed as they happen, on their own line.
 * Called on the ingestion thread; it only writes to stderr.
 */
final class IngestProgressBar implements IngestListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean interactive;
    private int lastTenth = -1;
    private boolean drawn;

    IngestProgressBar(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void onProgress(IngestProgress p) {
        if (p.scanning()) {
            if (!interactive) {
                err.println("scanning " + p.rootId() + " …");
                err.flush();
            }
            return;
        }
        if (p.total() < 0 || p.state().isTerminal()) {
            return;
        }
        if (interactive) {
            draw(line(p));
            return;
        }
        int tenth = p.total() == 0 ? 10 : p.done() * 10 / p.total();
        if (tenth > lastTenth) {
            err.println(line(p));
            err.flush();
            lastTenth = tenth;
        }
    }

    @Override
    public synchronized void onFailure(FileFailure f) {
        if (interactive && drawn) {
            err.print("\r\u001b[K");
        }
        err.println("skipped " + f.relativePath() + ": " + f.reason());
        err.flush();
    }

    private void draw(String line) {
        err.print("\r" + line + "\u001b[K");
        err.flush();
        drawn = true;
    }

    /** Ends the redrawn line so that what follows starts on its own line. */
    synchronized void finish() {
        if (interactive && drawn) {
            err.println();
            err.flush();
        }
    }

    static String line(IngestProgress p) {
        double fraction = p.fraction();
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  %d/%d files, %d indexed, %d unchanged, %d skipped, %.1f images/s  %s",
                Math.round(fraction * 100), p.done(), p.total(), p.processed(), p.unchanged(), p.errors(),
                p.imagesPerSecond(), p.currentFile() != null ? p.currentFile() : p.message() != null ? p.message() : "");
    }
}
