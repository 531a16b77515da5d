package dev.findling.app.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times library searches as users see them — retrieval from the Lucene index plus PerSAM re-ranking or text
 * scoring, up to the answer — in {@code findling_library_search_seconds}, tagged {@code kind} (text, concept) and
 * {@code outcome} (success, client-error, server-error). It watches the search endpoints by their mapping pattern,
 * so the library controllers carry no timing code.
 */
@Component
public class LibrarySearchTimer implements HandlerInterceptor {
    /** Timer name of library searches. */
    public static final String SEARCH = "findling.library.search";

    /** Search endpoints (Spring's best-matching pattern) → kind tag. */
    static final Map<String, String> SEARCH_PATTERNS = Map.of(
            "/api/search", "text",
            "/api/concepts/{id}/matches", "concept",
            "/library/search", "text");

    private static final String START = LibrarySearchTimer.class.getName() + ".start";

    private final MeterRegistry registry;

    public LibrarySearchTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (kind(request) != null) {
            request.setAttribute(START, System.nanoTime());
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        Object start = request.getAttribute(START);
        String kind = kind(request);
        if (!(start instanceof Long startNanos) || kind == null) {
            return;
        }
        int status = response.getStatus();
        String outcome = ex != null || status >= 500 ? "server-error" : status >= 400 ? "client-error" : "success";
        Timer.builder(SEARCH)
                .description("Library searches (index retrieval and re-ranking) as served")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private static String kind(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern instanceof String p && "GET".equals(request.getMethod()) ? SEARCH_PATTERNS.get(p) : null;
    }
}
