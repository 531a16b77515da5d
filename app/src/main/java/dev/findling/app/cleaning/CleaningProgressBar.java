package dev.findling.app.cleaning;

import dev.findling.personalize.cleaning.CleaningListener;
import dev.findling.personalize.cleaning.CleaningRecord;
import dev.findling.personalize.cleaning.TrainingImage;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code clean-dataset}'s progress on stderr: one line redrawn in place on a terminal, or a line per tenth of
 * the set when stderr is a file or a pipe (CI logs stay short).
 */
final class CleaningProgressBar implements CleaningListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean interactive;
    private int kept;
    private int lastTenth = -1;
    private boolean drawn;

    CleaningProgressBar(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void starting(int index, int total, TrainingImage image) {
        if (interactive) {
            draw(line(index, total, kept, image.file()));
        }
    }

    @Override
    public void finished(int index, int total, CleaningRecord record) {
        if (record.kept()) {
            kept++;
        }
        int done = index + 1;
        if (interactive) {
            draw(line(done, total, kept, record.file()));
            return;
        }
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (tenth > lastTenth) {
            err.println(line(done, total, kept, record.file()));
            err.flush();
            lastTenth = tenth;
        }
    }

    private void draw(String line) {
        err.print("\r" + line + "\u001b[K");
        err.flush();
        drawn = true;
    }

    /** Ends the redrawn line so that what follows starts on its own line. */
    void finish() {
        if (interactive && drawn) {
            err.println();
            err.flush();
        }
    }

    static String line(int done, int total, int kept, String item) {
        double fraction = total == 0 ? 1 : done / (double) total;
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  %d/%d images, %d kept  %s", Math.round(fraction * 100), done, total,
                kept, item == null ? "" : item);
    }
}
