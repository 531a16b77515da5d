package dev.findling.app.cli;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.app.FindlingApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one command line: parse with picocli, start the Spring application the command needs (with a web server
 * only for {@code serve}), hand the command its beans, run it, and turn the result into an exit code.
 *
 * <p>Parsing happens before Spring starts so that usage errors and {@code --help} are instant and never touch
 * the data dir. Configuration reaches the commands only through the application context: global options become
 * Spring properties with the highest precedence, so there is one configuration path for the server and the CLI.
 */
public final class FindlingCli {
    /**
     * @param exitCode      the process exit code
     * @param serverContext the running web application for {@code serve}; null when nothing keeps running
     */
    public record Outcome(int exitCode, ConfigurableApplicationContext serverContext) {
        public boolean serving() {
            return serverContext != null;
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;

    public FindlingCli(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** The picocli model of every command, writing to this CLI's streams. */
    public CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FindlingCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }

    public Outcome run(String... args) {
        CommandLine commandLine = commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return new Outcome(ExitCode.OK, null);
            }
            if (!parsed.hasSubcommand()) {
                // No command means "serve"; re-parse so that global options given before it still apply.
                commandLine = commandLine();
                List<String> withServe = new ArrayList<>(Arrays.asList(args));
                withServe.add("serve");
                parsed = commandLine.parseArgs(withServe.toArray(String[]::new));
            }
        } catch (ParameterException e) {
            return usageError(e);
        }

        List<CommandLine> chain = parsed.asCommandLineList();
        FindlingCommand root = chain.get(0).getCommand();
        CommandLine leaf = chain.get(chain.size() - 1);
        if (!(leaf.getCommand() instanceof ApplicationCommand command)) {
            // A command group such as `models` given without one of its subcommands.
            return usageError(new ParameterException(leaf, "Missing a command: one of "
                    + String.join(", ", leaf.getSubcommands().keySet())));
        }

        Map<String, String> properties = new LinkedHashMap<>(root.applicationProperties());
        try {
            properties.putAll(command.applicationProperties());
        } catch (ParameterException e) {
            return usageError(e);
        }

        ConfigurableApplicationContext context;
        try {
            context = FindlingApplication.builder(command.webApplicationType())
                    .logStartupInfo(root.verbose())
                    .properties(defaultProperties(command.webApplicationType(), root.verbose()))
                    .run(asCommandLineProperties(properties));
        } catch (RuntimeException e) {
            return new Outcome(runtimeError(StartupFailures.describe(e), e, root.verbose()), null);
        }

        boolean serving = command.webApplicationType() != WebApplicationType.NONE;
        try {
            for (CommandLine c : chain) {
                context.getAutowireCapableBeanFactory().autowireBean(c.getCommand());
            }
            int exitCode = command.call();
            serving = serving && exitCode == ExitCode.OK;
            return new Outcome(exitCode, serving ? context : null);
        } catch (ParameterException e) {
            serving = false;
            return usageError(e);
        } catch (Exception e) {
            serving = false;
            // With lazy beans a configuration error surfaces here, when the command's beans are created.
            return new Outcome(runtimeError(StartupFailures.describe(e), e, root.verbose()), null);
        } finally {
            out.flush();
            err.flush();
            if (!serving) {
                context.close();
            }
        }
    }

    private Outcome usageError(ParameterException e) {
        err.println("findling: " + e.getMessage());
        e.getCommandLine().usage(err);
        err.flush();
        return new Outcome(ExitCode.USAGE, null);
    }

    private int runtimeError(String message, Throwable e, boolean verbose) {
        err.println("findling: error: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.ERROR;
    }

    /**
     * Default properties per mode. CLI commands create beans only when they use them (a command needs a few of
     * the server's beans, and starting all of them would double its run time) and log warnings only (to stderr,
     * see logback-spring.xml) so that stdout is the command's output. Without --verbose Spring's own failure
     * report is muted because {@link StartupFailures} turns it into one line.
     */
    private static Map<String, Object> defaultProperties(WebApplicationType type, boolean verbose) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (type == WebApplicationType.NONE) {
            properties.put("spring.main.lazy-initialization", "true");
        }
        if (type == WebApplicationType.NONE && !verbose) {
            properties.put("logging.level.root", "WARN");
            properties.put("logging.level.dev.findling", "INFO");
        }
        if (!verbose) {
            // The loggers that report a failed start; StartupFailures says it in one line instead.
            properties.put("logging.level.org.springframework.boot.SpringApplication", "OFF");
            properties.put("logging.level.org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter", "OFF");
            properties.put("logging.level.org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger", "WARN");
            properties.put("logging.level.org.springframework.boot.web.servlet.context", "ERROR");
            properties.put("logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext", "ERROR");
        }
        return properties;
    }

    private static String[] asCommandLineProperties(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }
}
