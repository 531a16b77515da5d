package dev.findling.app.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The admission gate for requests that run the models in the request thread (segmenting, creating and testing
 * concepts, text segmentation): at most {@code running} of them work at once and at most {@code waiting} more wait
 * for a turn, up to {@code maxWait}; any further one is answered 503 with {@code Retry-After} at once — before its
 * upload is read or decoded, so a burst cannot pile decoded images and model buffers up in memory. Background jobs
 * (ingestion, cleaning) have their own bounded queue.
 */
public final class ModelAdmissionFilter extends OncePerRequestFilter {
    /** Writes whose handlers run an encoder or decoder before answering. */
    static final List<String> MODEL_PATHS = List.of("/api/segment/", "/api/concepts", "/segment", "/concepts");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int running;
    private final int waiting;
    private final Duration maxWait;
    private final Semaphore admitted;
    private final Semaphore turns;

    public ModelAdmissionFilter(int running, int waiting, Duration maxWait) {
        if (running < 1 || waiting < 0) {
            throw new IllegalArgumentException("model admission needs at least 1 running and 0 waiting requests, got "
                    + running + " and " + waiting);
        }
        this.running = running;
        this.waiting = waiting;
        this.maxWait = maxWait;
        this.admitted = new Semaphore(running + waiting, true);
        this.turns = new Semaphore(running, true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return MODEL_PATHS.stream().noneMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"))
                || path.endsWith("/delete");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!admitted.tryAcquire()) {
            refuse(request, response, running + " model requests are running and " + waiting + " are waiting");
            return;
        }
        try {
            boolean turn;
            try {
                turn = turns.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                turn = false;
            }
            if (!turn) {
                refuse(request, response, "no model slot became free within " + maxWait.toSeconds() + " s");
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                turns.release();
            }
        } finally {
            admitted.release();
        }
    }

    /** Retry after about one model run per waiting request ahead, at least a second. */
    long retryAfterSeconds() {
        return Math.max(1, Math.min(60, (long) waiting + 1));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Server busy");
        body.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        body.put("detail", "The server is at its limit for model work (" + why + "); nothing was read or stored. "
                + "Try again after Retry-After seconds.");
        body.put("instance", request.getRequestURI());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
