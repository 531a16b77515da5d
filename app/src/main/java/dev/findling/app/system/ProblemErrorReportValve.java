package dev.findling.app.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's last word, for the errors it answers itself before the application sees the request — a path with an
 * encoded slash ({@code %2F}) or other invalid URI, a malformed request line: an RFC 9457 problem detail instead of
 * Tomcat's HTML page, saying what was wrong and nothing about the server. Errors inside the application still go to
 * Spring's {@code /error} ({@link ErrorPageController}).
 */
public final class ProblemErrorReportValve extends ErrorReportValve {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", known == null ? "Error " + status : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail(status, request));
        String uri = request.getDecodedRequestURI() == null ? null : request.getRequestURI();
        if (uri != null) {
            body.put("instance", uri);
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(JSON.writeValueAsBytes(body));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is already committed: nothing left to tell it.
        }
    }

    private static String detail(int status, Request request) {
        String uri = request.getRequestURI();
        if (status == 400 && uri != null && uri.toUpperCase(java.util.Locale.ROOT).contains("%2F")) {
            return "The path contains an encoded slash (%2F), which this server does not accept in a path; "
                    + "ids and names never contain one.";
        }
        if (status == 400) {
            return "The request is not valid HTTP (its path, query or headers are malformed).";
        }
        return "The server answered " + status + " before the application saw the request.";
    }
}
