package dev.findling.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * CSRF protection for every state-changing request — the web forms ({@code /login} and {@code /logout} included) and
 * the API under {@code /api/}, whether or not a token is configured — by verifying the origin with standard headers,
 * as OWASP's CSRF cheat sheet describes: a browser sends {@code Origin} (or at least {@code Referer}) with every
 * POST, PUT, PATCH and DELETE, and a page on another site cannot forge either. A request whose {@code Origin} — or,
 * without one, {@code Referer} — is not this server's own origin (scheme, host and port as the request reached it) or
 * a configured {@code findling.security.allowed-origins} entry is refused with 403 before any upload is read;
 * {@code Origin: null} (sandboxed frames, some redirects) is refused too.
 *
 * <p>A request with neither header is let through: browsers always send one of them on cross-site writes, so such a
 * request comes from a non-browser client (curl, the CLI, scripts), which CSRF does not concern — those clients could
 * send any header they like anyway. With a token configured, {@link ApiTokenFilter} and {@link FormLoginFilter} then
 * ask for the token or a login.
 */
public final class SameOriginWriteFilter extends OncePerRequestFilter {
    private final OriginCheck origins;

    SameOriginWriteFilter(OriginCheck origins) {
        this.origins = origins;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiTokenFilter.isWrite(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String source = OriginCheck.source(request);
        if (source == null || origins.isSameOrAllowed(source, request)) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                "A page on " + OriginCheck.describe(source) + " tried to " + request.getMethod() + " "
                        + request.getRequestURI() + " on this server; only its own pages may do that.");
    }
}
