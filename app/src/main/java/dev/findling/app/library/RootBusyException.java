package dev.findling.app.library;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A root cannot be removed while it is being ingested (409); cancel its job first. */
public class RootBusyException extends ErrorResponseException {
    public RootBusyException(String message) {
        super(HttpStatus.CONFLICT, problem(message), null);
    }

    private static ProblemDetail problem(String message) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, message);
        p.setTitle("Root is being ingested");
        return p;
    }
}
