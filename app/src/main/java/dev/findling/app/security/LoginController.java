package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /login} and {@code /logout}: a browser presents the server's token once and its session may then write
 * through the pages and their in-page API calls ({@link FormLoginFilter}, {@link ApiTokenFilter}). Without a token
 * configured there is nothing to log in to: the page says so and a posted login just goes on to {@code next}.
 * Both posts pass {@link SameOriginWriteFilter} first, so another site can neither log a browser in nor out. A wrong or
 * blank token counts against the client ({@link TokenGuessLimiter}); a locked-out client gets the page with 429, a
 * {@code Retry-After} and the time to wait, whatever it typed.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class LoginController {
    static final String VIEW = "login";

    private final ApiToken token;
    private final TokenGuessLimiter guesses;

    LoginController(ApiToken token, TokenGuessLimiter guesses) {
        this.token = token;
        this.guesses = guesses;
    }

    @GetMapping(BrowserLogin.LOGIN_PATH)
    String page(@RequestParam(name = "next", required = false) String next, HttpServletRequest request, Model model) {
        model.addAttribute("next", BrowserLogin.localPathOrHome(next, request));
        model.addAttribute("tokenConfigured", token.configured());
        model.addAttribute("loggedIn", token.configured() && BrowserLogin.isLoggedIn(request));
        model.addAttribute("failed", false);
        model.addAttribute("locked", false);
        return VIEW;
    }

    @PostMapping(BrowserLogin.LOGIN_PATH)
    String logIn(@RequestParam(name = "token", required = false) String presented,
                 @RequestParam(name = "next", required = false) String next,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        String target = BrowserLogin.localPathOrHome(next, request);
        if (!token.configured()) {
            BrowserLogin.seeOther(response, target);
            return null;
        }
        String stripped = presented == null ? null : presented.strip();
        TokenGuessLimiter.Verdict verdict = guesses.check(TokenGuessLimiter.clientOf(request),
                () -> token.matches(stripped));
        if (verdict.accepted()) {
            BrowserLogin.logIn(request);
            BrowserLogin.seeOther(response, target);
            return null;
        }
        // No session is created or changed: a wrong guess leaves nothing behind, and an existing login stays as it was.
        model.addAttribute("next", target);
        model.addAttribute("tokenConfigured", true);
        model.addAttribute("loggedIn", BrowserLogin.isLoggedIn(request));
        if (verdict.locked()) {
            // The token was not compared: the page says when to try again, not whether it was right.
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
            model.addAttribute("failed", false);
            model.addAttribute("locked", true);
            model.addAttribute("retryAfter", verdict.retryAfterText());
            return VIEW;
        }
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"findling\"");
        model.addAttribute("failed", true);
        model.addAttribute("locked", false);
        model.addAttribute("blank", stripped == null || stripped.isEmpty());
        return VIEW;
    }

    @PostMapping(BrowserLogin.LOGOUT_PATH)
    String logOut(@RequestParam(name = "next", required = false) String next, HttpServletRequest request,
                  HttpServletResponse response) {
        BrowserLogin.logOut(request);
        BrowserLogin.seeOther(response, BrowserLogin.localPathOrHome(next, request));
        return null;
    }
}
