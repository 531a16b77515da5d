package dev.findling.app.library;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The pack cannot search the library by text (no image-text embedder, or no text encoder): 503 with the reason,
 * because the fix is on the server (a pack with a CLIP image embedder, then {@code findling reindex}).
 */
public class TextSearchUnavailableException extends ErrorResponseException {
    private final String reason;

    public TextSearchUnavailableException(String reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(reason), null);
        this.reason = reason;
    }

    private static ProblemDetail problem(String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, reason);
        problem.setTitle("Text search unavailable");
        return problem;
    }

    @Override
    public String getMessage() {
        return reason;
    }
}
