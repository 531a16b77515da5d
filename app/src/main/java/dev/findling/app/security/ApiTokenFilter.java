package dev.findling.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The optional API token ({@code findling.security.token}): with a token configured, a write request under
 * {@code /api/} (POST, PUT, PATCH, DELETE) must carry it as {@code Authorization: Bearer <token>} or
 * {@code X-Findling-Token: <token>}, or it is answered 401 with a problem detail and never reaches a controller
 * (so nothing is uploaded, decoded or stored). Reads stay open. Without a token the filter passes everything.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {
    /** Alternative header for clients that cannot set {@code Authorization}. */
    public static final String TOKEN_HEADER = "X-Findling-Token";
    static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public ApiTokenFilter(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return token == null || !WRITE_METHODS.contains(request.getMethod()) || !isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedToken(request);
        if (presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        // RFC 6750: say which scheme, and whether the token was missing or wrong.
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented == null
                ? "Bearer realm=\"findling\""
                : "Bearer realm=\"findling\", error=\"invalid_token\"");
        Problems.write(request, response, HttpStatus.UNAUTHORIZED, "API token required", presented == null
                ? request.getMethod() + " " + request.getRequestURI() + " changes data and this server requires an API token: "
                  + "send 'Authorization: Bearer <token>' or '" + TOKEN_HEADER + ": <token>'."
                : "The API token sent with " + request.getMethod() + " " + request.getRequestURI() + " is not the server's "
                  + "(findling.security.token).");
    }

    private static String presentedToken(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        String header = request.getHeader(TOKEN_HEADER);
        return header == null ? null : header.strip();
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/");
    }
}
