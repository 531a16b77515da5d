package dev.findling.app.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Puts {@code login} (a {@link LoginView}) into the model of every rendered page, for the navigation's "Log in" /
 * "Log out" and the forms' login hint. Never creates a session.
 */
final class LoginViewInterceptor implements HandlerInterceptor {
    static final String MODEL_ATTRIBUTE = "login";

    private final ApiToken token;

    LoginViewInterceptor(ApiToken token) {
        this.token = token;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView view) {
        if (view != null && view.isReference() && !view.getViewName().startsWith("redirect:")
                && !view.getModel().containsKey(MODEL_ATTRIBUTE)) {
            view.addObject(MODEL_ATTRIBUTE, new LoginView(token.configured(),
                    token.configured() && BrowserLogin.isLoggedIn(request), here(request)));
        }
    }

    /** The page being shown, as a path to come back to; for an error page, the path that failed. */
    private static String here(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = failed instanceof String s ? s : request.getRequestURI();
        String query = failed instanceof String ? null : request.getQueryString();
        return BrowserLogin.localPathOrHome(query == null ? path : path + "?" + query, request);
    }

    /**
     * @param required whether this server has a token, so writing needs a login
     * @param loggedIn whether this browser is logged in
     * @param here     the current page (a local path), to return to after logging in or out
     */
    public record LoginView(boolean required, boolean loggedIn, String here) {
    }
}
