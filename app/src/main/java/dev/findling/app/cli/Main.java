package dev.findling.app.cli;


import java.io.PrintWriter;

/**
 * The jar's entry point: {@code java -jar findling.jar [COMMAND]}. Without a command it serves the web UI
 * and API on port 8080.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        FindlingCli.Outcome outcome = new FindlingCli(out, err).run(args);
        out.flush();
        err.flush();
        // A running server keeps the JVM alive through its non-daemon threads; everything else ends here,
        // even if a library left a non-daemon thread behind.
        if (!outcome.serving()) {
            System.exit(outcome.exitCode());
        }
    }
}
