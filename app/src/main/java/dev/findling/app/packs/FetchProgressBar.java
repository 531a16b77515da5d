package dev.findling.app.packs;

import dev.findling.models.fetch.FetchProgress;
import dev.findling.models.fetch.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws {@code models fetch} progress on stderr: one line redrawn in place on a terminal, or a line per file
 * stage and per tenth of the pack when stderr is a log file (CI, a pipe), so logs stay short.
 */
final class FetchProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private long lastDraw;
    private int lastTenth = -1;
    private FetchProgress.Stage lastStage;
    private String lastFile;
    private boolean drawn;

    FetchProgressBar(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onProgress(FetchProgress progress) {
        boolean changed = progress.stage() != lastStage || !progress.file().equals(lastFile);
        lastStage = progress.stage();
        lastFile = progress.file();
        if (interactive) {
            long now = System.nanoTime();
            if (changed || now - lastDraw >= REDRAW_NANOS) {
                err.print("\r" + line(progress) + "\u001b[K");
                err.flush();
                lastDraw = now;
                drawn = true;
            }
            return;
        }
        int tenth = (int) Math.floor(progress.packFraction() * 10);
        if (changed || tenth > lastTenth) {
            err.println(line(progress));
            err.flush();
            lastTenth = Math.max(lastTenth, tenth);
        }
    }

    /** Ends the redrawn line so that what follows starts on its own line. */
    void finish() {
        if (interactive && drawn) {
            err.println();
            err.flush();
        }
    }

    static String line(FetchProgress p) {
        double fraction = p.packFraction();
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  %s / %s  %s  %s", Math.round(fraction * 100),
                megabytes(p.packBytesDone()), megabytes(p.packBytesTotal()), p.file(),
                p.stage().name().toLowerCase(Locale.ROOT));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
