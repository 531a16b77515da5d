package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A browser's login: an HTTP session that carries a flag saying its owner once presented the token on
 * {@code /login}. The session cookie is {@code HttpOnly} and {@code SameSite=Strict}; only this class reads or
 * writes the flag. Also where a login sends the browser afterwards — never off this server.
 */
final class BrowserLogin {
    static final String LOGIN_PATH = "/login";
    static final String LOGOUT_PATH = "/logout";
    private static final String AUTHENTICATED = BrowserLogin.class.getName() + ".authenticated";
    /** Longer "next" values are not a page of this application; they go home instead. */
    private static final int MAX_NEXT_LENGTH = 2048;

    private BrowserLogin() {
    }

    /** Whether the request belongs to a logged-in session; never creates a session. */
    static boolean isLoggedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(session.getAttribute(AUTHENTICATED));
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    /**
     * Marks the request's session as logged in under a new session id: an id an attacker planted before the login
     * (session fixation) is worthless afterwards.
     */
    static void logIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
        } else {
            session = request.getSession(true);
        }
        session.setAttribute(AUTHENTICATED, Boolean.TRUE);
    }

    static void logOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalidated) {
                // nothing left to end
            }
        }
    }

    /**
     * {@code next} when it is a path on this server — one '/' then no second '/' or '\' (a browser reads
     * {@code //host} and {@code /\host} as another host), no scheme or authority, no control characters, not absurdly
     * long — else the application's home page.
     */
    static String localPathOrHome(String next, HttpServletRequest request) {
        String home = request.getContextPath() + "/";
        if (next == null || next.isEmpty() || next.length() > MAX_NEXT_LENGTH || next.charAt(0) != '/') {
            return home;
        }
        if (next.length() > 1 && (next.charAt(1) == '/' || next.charAt(1) == '\\')) {
            return home;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return home;
            }
        }
        try {
            URI uri = new URI(next);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/")) {
                return home;
            }
        } catch (java.net.URISyntaxException e) {
            return home;
        }
        return next;
    }

    /** The login page's address, with the page to come back to. */
    static String loginUrl(HttpServletRequest request, String next) {
        return request.getContextPath() + LOGIN_PATH + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }

    /**
     * 303 See Other: the browser follows with a GET, whatever the method of the request. The location is set as is
     * (a validated local path), never through {@code encodeRedirectURL}, which could append the session id.
     */
    static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, location);
        response.setContentLength(0);
    }
}
