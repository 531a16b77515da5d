package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which site a browser request came from, by the standard headers (OWASP's "verify origin with standard headers"):
 * {@code Origin}, or without it {@code Referer}. The request is from this server's own pages when that source has
 * the scheme, host and port the request reached the server with, or is one of {@code findling.security.allowed-origins}
 * (a reverse proxy that rewrites the host). Shared by the form CSRF check, the session-authenticated API writes and
 * the login redirect's choice of the page to return to.
 */
final class OriginCheck {
    private final List<URI> allowedOrigins;

    OriginCheck(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(URI::create).toList();
    }

    /** {@code Origin}, else {@code Referer}; null when the request has neither (a non-browser client). */
    static String source(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        return origin != null ? origin : request.getHeader(HttpHeaders.REFERER);
    }

    /** Whether {@code source} (an origin or a URL) is this server's origin or an allowed one; "null" and junk are not. */
    boolean isSameOrAllowed(String source, HttpServletRequest request) {
        URI uri = parse(source);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        if (sameOrigin(uri, request.getScheme(), request.getServerName(), request.getServerPort())) {
            return true;
        }
        return allowedOrigins.stream().anyMatch(a -> sameOrigin(uri, a.getScheme(), a.getHost(), a.getPort()));
    }

    /**
     * The path and query of the {@code Referer} when it is one of this server's pages — the page a form was posted
     * from — else null.
     */
    String localReferer(HttpServletRequest request) {
        String referer = request.getHeader(HttpHeaders.REFERER);
        if (referer == null || !isSameOrAllowed(referer, request)) {
            return null;
        }
        URI uri = parse(referer);
        if (uri == null || uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            return null;
        }
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** {@code scheme://host[:port]} of a source for messages; never echoes a path or query. */
    static String describe(String source) {
        URI uri = parse(source);
        if (uri == null) {
            return "an unknown origin";
        }
        return uri.getHost() == null ? "an opaque origin" : uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static URI parse(String source) {
        try {
            return URI.create(source.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
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
}
