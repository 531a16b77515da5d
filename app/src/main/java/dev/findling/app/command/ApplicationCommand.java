package dev.findling.app.command;

import org.springframework.boot.WebApplicationType;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A picocli command that runs inside the Spring application context, so that it reads the same
 * configuration ({@code findling.*}) and uses the same beans as the server.
 *
 * <p>{@code cli.FindlingCli} parses the command line first, starts the application (with a web server only when
 * {@link #webApplicationType()} asks for one), injects {@code @Autowired} fields of the parsed command objects
 * from the context, and then calls {@link #call()}. The return value is the process exit code
 * ({@link ExitCode#OK} on success); a thrown exception becomes a one-line error and exit code
 * {@link ExitCode#ERROR}, a thrown {@link picocli.CommandLine.ParameterException} a usage error.
 */
public interface ApplicationCommand extends Callable<Integer> {

    /** {@link WebApplicationType#NONE} for everything but {@code serve}. */
    default WebApplicationType webApplicationType() {
        return WebApplicationType.NONE;
    }

    /**
     * Spring properties this command's options set (e.g. {@code serve --port} → {@code server.port}). They take
     * precedence over the environment and {@code application.yml}.
     */
    default Map<String, String> applicationProperties() {
        return Map.of();
    }
}
