package dev.findling.app.segmentation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The active pack loaded but cannot segment from text (no text encoder, no dense encoder or no tokenizer).
 * Answered with 503 and the reason, because the fix is on the server: point {@code findling.pack-dir} at a
 * SAM-CLIP or SAM + dense CLIP pack.
 */
public class TextSegmentationUnavailableException extends ErrorResponseException {
    private final String reason;

    public TextSegmentationUnavailableException(String reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(reason), null);
        this.reason = reason;
    }

    private static ProblemDetail problem(String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, reason);
        problem.setTitle("Text segmentation unavailable");
        return problem;
    }

    /** The reason alone, so the CLI's one-line error reads as a sentence. */
    @Override
    public String getMessage() {
        return reason;
    }
}
