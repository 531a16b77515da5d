package dev.findling.app;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Spring application: wires the core modules into the web server and the CLI commands. It is not the
 * jar's entry point — {@link Main} parses the command line first and starts this application with or
 * without the web server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FindlingApplication {

    /** Profile active for CLI commands: logs go to stderr so that stdout carries only the command's output. */
    public static final String CLI_PROFILE = "cli";

    /** The application for {@code serve} (servlet) or for a CLI command ({@link WebApplicationType#NONE}). */
    public static SpringApplicationBuilder builder(WebApplicationType type) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(FindlingApplication.class).web(type);
        if (type == WebApplicationType.NONE) {
            builder.profiles(CLI_PROFILE);
        }
        return builder;
    }
}
