package dev.findling.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * With a token configured, the web forms' writes (POST, PUT, PATCH, DELETE outside {@code /api/}, other than
 * {@code /login} and {@code /logout}) need a browser logged in on {@code /login} — or, for scripts posting a form, the
 * token itself in {@code Authorization: Bearer} / {@code X-Findling-Token}. Anything else is sent, with 303 See Other,
 * to the login page, which afterwards returns to the page the form was on ({@code Referer}, when it is one of this
 * server's pages; else the home page). The redirect is decided from the headers alone: the form's upload is never read
 * and nothing is stored. Runs after {@link SameOriginWriteFilter}, so cross-site posts are still refused with 403 first.
 * A wrong token header counts against the client ({@link TokenGuessLimiter}); a locked-out client's token header is
 * answered 429 (problem detail, {@code Retry-After}) — only scripts send one.
 */
final class FormLoginFilter extends OncePerRequestFilter {
    private final ApiToken token;
    private final OriginCheck origins;
    private final TokenGuessLimiter guesses;

    FormLoginFilter(ApiToken token, OriginCheck origins, TokenGuessLimiter guesses) {
        this.token = token;
        this.origins = origins;
        this.guesses = guesses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!token.configured() || !ApiTokenFilter.isWrite(request) || ApiTokenFilter.isApi(request)) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(BrowserLogin.LOGIN_PATH) || path.equals(BrowserLogin.LOGOUT_PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (BrowserLogin.isLoggedIn(request)) {
            chain.doFilter(request, response);
            return;
        }
        String presented = ApiToken.presented(request);
        if (presented != null && ApiTokenFilter.passedOrLockedOut(presented, token, guesses, request, response, chain)) {
            return;
        }
        String back = BrowserLogin.localPathOrHome(origins.localReferer(request), request);
        BrowserLogin.seeOther(response, BrowserLogin.loginUrl(request, back));
    }
}
