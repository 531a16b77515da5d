package dev.findling.app.command;

/**
 * The process exit codes of every command, here rather than in {@code cli} so that the features' commands can return
 * them without importing the package that imports them all.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** The command ran and failed (an unreadable input, a failed ingestion, a broken pack). */
    public static final int ERROR = 1;
    /** The command line was wrong; nothing ran. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
