package dev.findling.app.cli;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;

/** {@code serve}: the web UI, REST API and actuator on one port. Also what runs when no command is given. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the web UI and REST API (default port 8080, or SERVER_PORT).")
public class ServeCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "HTTP port (server.port; default 8080; 0 picks a free port).")
    Integer port;

    @Autowired
    Environment environment;

    @Override
    public WebApplicationType webApplicationType() {
        return WebApplicationType.SERVLET;
    }

    @Override
    public Map<String, String> applicationProperties() {
        if (port == null) {
            return Map.of();
        }
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port must be between 0 and 65535 but is " + port);
        }
        return Map.of("server.port", Integer.toString(port));
    }

    /** By the time this runs the server is up; the context stays open until the JVM is asked to stop. */
    @Override
    public Integer call() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        spec.commandLine().getOut().println("Findling is serving on http://localhost:" + port + "/ (Ctrl+C stops it)");
        return ExitCode.OK;
    }
}
