package dev.findling.app.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The active pack loaded but lacks what a feature needs (a text encoder, a dense encoder, an image-text embedder):
 * 503 with the reason, because the fix is on the server — a different pack — not in the request.
 */
public class FeatureUnavailableException extends ErrorResponseException {
    private final String reason;

    protected FeatureUnavailableException(String title, String reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(title, reason), null);
        this.reason = reason;
    }

    private static ProblemDetail problem(String title, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, reason);
        problem.setTitle(title);
        return problem;
    }

    /** The reason alone, so the CLI's one-line error reads as a sentence. */
    @Override
    public String getMessage() {
        return reason;
    }
}
