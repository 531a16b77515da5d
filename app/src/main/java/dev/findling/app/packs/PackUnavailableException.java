package dev.findling.app.packs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.nio.file.Path;

/**
 * A request needs the model pack but it failed to load; answered with 503
 * and the reason. It carries its own problem details (like {@code system.FeatureUnavailableException}) so that the
 * API's error handler need not know the packs feature.
 */
public class PackUnavailableException extends ErrorResponseException {
    private final Path directory;
    private final String message;

    public PackUnavailableException(Path directory, String error) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(directory, "The model pack in " + directory
                + " could not be loaded: " + error), null);
        this.directory = directory;
        this.message = "The model pack in " + directory + " could not be loaded: " + error;
    }

    private static ProblemDetail problem(Path directory, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, message);
        problem.setTitle("Model pack unavailable");
        problem.setProperty("packDirectory", directory.toString());
        return problem;
    }

    public Path directory() {
        return directory;
    }

    /** The load error alone, so the CLI's one-line error reads as a sentence. */
    @Override
    public String getMessage() {
        return message;
    }
}
