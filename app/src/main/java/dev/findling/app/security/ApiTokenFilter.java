package dev.findling.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * The optional token ({@code findling.security.token}) for writes under {@code /api/} (POST, PUT, PATCH, DELETE).
 * With a token configured such a request is let through when it either
 * <ul>
 *   <li>carries the token as {@code Authorization: Bearer <token>} or {@code X-Findling-Token: <token>} — API
 *       clients, scripts; or</li>
 *   <li>belongs to a browser session logged in on {@code /login} <em>and</em> shows, by {@code Origin} or else
 *       {@code Referer}, that it comes from this server's own pages — the pages' in-page JavaScript.</li>
 * </ul>
 * A missing or wrong token, or a session cookie without either header, is answered 401; a logged-in session's request
 * from another origin 403 — problem details, before any controller runs (nothing is uploaded, decoded or stored).
 * Wrong tokens count against the client in the shared {@link TokenGuessLimiter}; once it is locked out, every request
 * of it that carries a token — the right one too — is answered 429 with {@code Retry-After} until its window ends.
 * Reads stay open. Without a token the filter passes everything.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {
    /** Alternative header for clients that cannot set {@code Authorization}. */
    public static final String TOKEN_HEADER = ApiToken.HEADER;
    static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String CHALLENGE = "Bearer realm=\"findling\"";

    private final ApiToken token;
    private final OriginCheck origins;
    private final TokenGuessLimiter guesses;

    ApiTokenFilter(ApiToken token, OriginCheck origins, TokenGuessLimiter guesses) {
        this.token = token;
        this.origins = origins;
        this.guesses = guesses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !token.configured() || !isWrite(request) || !isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = ApiToken.presented(request);
        if (presented != null) {
            if (passedOrLockedOut(presented, token, guesses, request, response, chain)) {
                return;
            }
            // RFC 6750: say which scheme, and that the token sent was wrong. A wrong token is never rescued by a session.
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "API token required", "The API token sent with "
                    + request.getMethod() + " " + request.getRequestURI() + " is not the server's (findling.security.token).");
            return;
        }
        if (BrowserLogin.isLoggedIn(request)) {
            String source = OriginCheck.source(request);
            if (source != null && origins.isSameOrAllowed(source, request)) {
                chain.doFilter(request, response);
                return;
            }
            if (source != null) {
                Problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                        "A page on " + OriginCheck.describe(source) + " tried to " + request.getMethod() + " "
                                + request.getRequestURI() + " on this server; only its own pages may do that.");
                return;
            }
            // A browser sends Origin (or Referer) with every write; a bare cookie is a non-browser client holding one.
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "API token required", request.getMethod() + " "
                    + request.getRequestURI() + " came with a login session but without Origin or Referer: a session "
                    + "only authenticates this server's own pages in a browser. Other clients send 'Authorization: "
                    + "Bearer <token>' or '" + TOKEN_HEADER + ": <token>'.");
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        Problems.write(request, response, HttpStatus.UNAUTHORIZED, "API token required", request.getMethod() + " "
                + request.getRequestURI() + " changes data and this server requires an API token: send 'Authorization: "
                + "Bearer <token>' or '" + TOKEN_HEADER + ": <token>', or log in on " + request.getContextPath()
                + BrowserLogin.LOGIN_PATH + " in the browser first.");
    }

    /**
     * A token header checked through the guess limiter, for this filter and {@link FormLoginFilter}: the right token
     * passes the request on; a locked-out client gets a 429 problem detail with {@code Retry-After} (its token is not
     * even compared; only scripts send token headers, so a problem detail suits forms too). Both return true. A wrong
     * token returns false with nothing written: each filter answers that its own way.
     */
    static boolean passedOrLockedOut(String presented, ApiToken token, TokenGuessLimiter guesses, HttpServletRequest request,
                                     HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        TokenGuessLimiter.Verdict verdict = guesses.check(TokenGuessLimiter.clientOf(request), () -> token.matches(presented));
        if (verdict.accepted()) {
            chain.doFilter(request, response);
            return true;
        }
        if (verdict.locked()) {
            refuseGuessing(request, response, verdict, guesses);
            return true;
        }
        return false;
    }

    private static void refuseGuessing(HttpServletRequest request, HttpServletResponse response,
                               TokenGuessLimiter.Verdict verdict, TokenGuessLimiter guesses) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
        Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many wrong tokens",
                guesses.maxFailures() + " wrong tokens came from your network address within "
                        + TokenGuessLimiter.inWords(guesses.window()) + ", so no token from it is checked for the next "
                        + verdict.retryAfterText() + " (Retry-After). A browser session that is already logged in "
                        + "keeps working.");
    }

    static boolean isWrite(HttpServletRequest request) {
        return WRITE_METHODS.contains(request.getMethod());
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/");
    }
}
