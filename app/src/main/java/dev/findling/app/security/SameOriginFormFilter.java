package dev.findling.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * CSRF protection for the web forms (state-changing requests outside {@code /api/}) by verifying the origin with
 * standard headers, as OWASP's CSRF cheat sheet describes: a browser sends {@code Origin} (or at least
 * {@code Referer}) with every form POST, and a page on another site cannot forge either. A request whose
 * {@code Origin} — or, without one, {@code Referer} — is not this server's own origin (scheme, host and port as
 * the request reached it) or a configured {@code findling.security.allowed-origins} entry is refused with 403 before
 * any upload is read; {@code Origin: null} (sandboxed frames, some redirects) is refused too.
 *
 * <p>A request with neither header is let through: browsers always send one of them on cross-site POSTs, so such a
 * request comes from a non-browser client (curl, tests, scripts), which CSRF does not concern — those clients could
 * send any header they like anyway. The API under {@code /api/} is guarded by {@link ApiTokenFilter} instead.
 */
public final class SameOriginFormFilter extends OncePerRequestFilter {
    private final List<URI> allowedOrigins;

    public SameOriginFormFilter(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(URI::create).toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiTokenFilter.WRITE_METHODS.contains(request.getMethod()) || ApiTokenFilter.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String source = origin != null ? origin : request.getHeader(HttpHeaders.REFERER);
        if (source == null || isSameOrAllowed(source, request)) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                "A form on " + describe(source) + " tried to " + request.getMethod() + " " + request.getRequestURI()
                        + " on this server; only its own pages may do that.");
    }

    private boolean isSameOrAllowed(String source, HttpServletRequest request) {
        URI uri;
        try {
            uri = URI.create(source.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false; // "null" and anything unparsable
        }
        if (sameOrigin(uri, request.getScheme(), request.getServerName(), request.getServerPort())) {
            return true;
        }
        return allowedOrigins.stream().anyMatch(a -> sameOrigin(uri, a.getScheme(), a.getHost(), a.getPort()));
    }

    private static boolean sameOrigin(URI uri, String scheme, String host, int port) {
        return uri.getScheme().equalsIgnoreCase(scheme)
                && stripBrackets(uri.getHost()).equalsIgnoreCase(stripBrackets(host))
                && effectivePort(uri.getScheme(), uri.getPort()) == effectivePort(scheme, port);
    }

    private static String stripBrackets(String host) {
        return Objects.requireNonNullElse(host, "").replace("[", "").replace("]", "");
    }

    private static int effectivePort(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }

    private static String describe(String source) {
        try {
            URI uri = URI.create(source.strip());
            return uri.getHost() == null ? "an opaque origin" : uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "an unknown origin";
        }
    }
}
