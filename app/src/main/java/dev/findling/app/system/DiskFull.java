package dev.findling.app.system;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Whether a failure was a full disk, whatever layer reported it: the operating system's "No space left on device"
 * (ENOSPC; Windows' "not enough space on the disk"), and Lucene's "disk full" (its test framework's
 * {@code MockDirectoryWrapper} says it that way), found anywhere in the chain of causes and suppressed exceptions.
 * The one place this rule lives: error mapping and job messages ask here.
 */
public final class DiskFull {
    private static final String[] MESSAGES = {"no space left on device", "not enough space on the disk", "disk full"};
    private static final int MAX_DEPTH = 16;

    private DiskFull() {
    }

    public static boolean isCause(Throwable t) {
        return isCause(t, 0);
    }

    private static boolean isCause(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return false;
        }
        if (mentions(t.getMessage()) || t instanceof FileSystemException fs && mentions(fs.getReason())) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (isCause(s, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && isCause(t.getCause(), depth + 1);
    }

    private static boolean mentions(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String m : MESSAGES) {
            if (lower.contains(m)) {
                return true;
            }
        }
        return false;
    }
}
