package dev.findling.index;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The part of every root this worker ingests when several Findling processes write one shared index
 * (SolrCloud): worker {@code number} of {@code count} takes the files whose relative path hashes to it.
 * The hash is CRC-32 of the UTF-8 path, so every worker, on any JVM, agrees on who owns a file without
 * talking to the others, and a file keeps its owner across runs — which is what lets each worker resume
 * and remove vanished files within its own share only (docs/ARCHITECTURE.md §5).
 *
 * @param number this worker, 1..count
 * @param count  how many workers share the roots
 */
public record WorkerShare(int number, int count) {
    /** One worker ingests everything: the default, and the only share the embedded index accepts. */
    public static final WorkerShare ALL = new WorkerShare(1, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,4})\\s*/\\s*(\\d{1,4})\\s*");

    public WorkerShare {
        if (count < 1 || number < 1 || number > count) {
            throw new IllegalArgumentException("a worker share is worker NUMBER of COUNT with 1 ≤ NUMBER ≤ COUNT, but it is "
                    + number + "/" + count);
        }
    }

    /** Parses {@code "2/4"} (worker 2 of 4). */
    public static WorkerShare parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("a worker share is written NUMBER/COUNT, e.g. 2/4 for the second of four workers, not '"
                    + text + "'");
        }
        return new WorkerShare(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean isAll() {
        return count == 1;
    }

    /** Whether this worker ingests the file at {@code relativePath} (as {@code ScannedFile.relativePath()} gives it). */
    public boolean includes(String relativePath) {
        if (count == 1) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(relativePath.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % count == number - 1;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d", number, count);
    }
}
