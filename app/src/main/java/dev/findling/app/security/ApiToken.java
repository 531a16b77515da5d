package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The server's token ({@code findling.security.token}), or none. Comparisons are constant-time: both sides are
 * hashed with SHA-256 first, so neither the token's content nor its length shows in how long a wrong guess takes.
 */
final class ApiToken {
    /** Alternative header for clients that cannot set {@code Authorization}. */
    static final String HEADER = "X-Findling-Token";
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    private ApiToken(String token) {
        this.digest = token == null ? null : sha256(token);
    }

    static ApiToken of(Optional<String> token) {
        return new ApiToken(token.orElse(null));
    }

    boolean configured() {
        return digest != null;
    }

    /** True when a token is configured and {@code presented} is it. */
    boolean matches(String presented) {
        return digest != null && presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The token a request carries as {@code Authorization: Bearer …} or {@code X-Findling-Token}, else null. */
    static String presented(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        String header = request.getHeader(HEADER);
        return header == null ? null : header.strip();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
