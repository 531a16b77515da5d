package dev.findling.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Findling server in a child JVM ({@code … dev.findling.app.cli.Main … serve --port 0}), for tests and benches that
 * need a real process (signals, RSS): its output is collected line by line, and {@link #start} returns once the
 * server says which port it serves on.
 */
public final class ChildServer implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving on http://localhost:(\\d+)/");

    private final Process process;
    private final Thread reader;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private int port;

    private ChildServer(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The java executable of this JVM, to start the child with. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code command} in {@code workDir} (where the JVM would write an {@code hs_err_pid*.log}) and waits up to
     * {@code startTimeout} for the server to serve; a server that does not start is killed and fails with its output.
     */
    public static ChildServer start(List<String> command, Path workDir, Duration startTimeout)
            throws IOException, InterruptedException {
        ChildServer server = new ChildServer(new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).start());
        try {
            server.port = server.awaitPort(startTimeout);
            return server;
        } catch (AssertionError | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    private int awaitPort(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (String line : output) {
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start:\n" + log());
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** Everything the child printed so far (also after it ended). */
    public String log() {
        return String.join("\n", output);
    }

    /** Kills the child if it still runs, waits for it to end and collects the rest of its output. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        reader.join(10_000);
    }
}
