package dev.findling.app.security;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging in a browser with the token ({@code /login}, {@code /logout}) and what the login session may do: write
 * through the web forms, and through the API from this server's own pages only (Origin or Referer).
 */
class LoginTest extends TokenServerSupport {

    @Test
    void aFormPostWithoutALoginIsSentToTheLoginPageAndStoresNothing() throws Exception {
        List<String> before = conceptIds();
        HttpResponse<String> r = send(createConceptForm("not without a login")
                .header("Origin", origin()).header("Referer", origin() + "/concepts/new").build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fconcepts%2Fnew");
        assertThat(sessionCookie(r)).isEmpty();
        assertThat(conceptIds()).isEqualTo(before);

        // The page it leads to says why, and will come back to the form.
        HttpResponse<String> page = get("/login?next=%2Fconcepts%2Fnew");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Log in</h1>", "protected by an access token",
                "<label for=\"login-token\">Access token</label>",
                "id=\"login-token\" name=\"token\" type=\"password\"",
                "name=\"next\" value=\"/concepts/new\"");
        assertThat(sessionCookie(page)).as("showing the page creates no session").isEmpty();

        // Every other page form too: text segmentation, library folders, cleaning. A Referer from another page keeps
        // its query; one from elsewhere (or none) returns home.
        assertThat(send(form("/library/roots", "path", "/tmp").header("Origin", origin())
                .header("Referer", origin() + "/library?q=red").build()).headers().firstValue("Location"))
                .hasValue("/login?next=%2Flibrary%3Fq%3Dred");
        assertThat(send(form("/segment", "classes", "red").header("Origin", origin()).build())
                .headers().firstValue("Location")).hasValue("/login?next=%2F");
        HttpResponse<String> cleaning = send(form("/cleaning").build());
        assertThat(cleaning.statusCode()).isEqualTo(303);
        assertThat(cleaning.headers().firstValue("Location")).hasValue("/login?next=%2F");
    }

    @Test
    void aWrongTokenIs401WithTheErrorAndNoSession() throws Exception {
        HttpResponse<String> wrong = postLogin("not-the-token", "/concepts/new");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(wrong.body()).contains("role=\"alert\"", "not this server’s access token", "aria-invalid=\"true\"",
                "name=\"next\" value=\"/concepts/new\"");
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();

        HttpResponse<String> blank = postLogin("", null);
        assertThat(blank.statusCode()).isEqualTo(401);
        assertThat(blank.body()).contains("Enter the access token.");
        assertThat(blank.headers().allValues("Set-Cookie")).isEmpty();

        // A prefix or an extension of the token is as wrong as anything else.
        assertThat(postLogin(TOKEN.substring(0, TOKEN.length() - 1), "/").statusCode()).isEqualTo(401);
        assertThat(postLogin(TOKEN + "x", "/").statusCode()).isEqualTo(401);
    }

    @Test
    void theRightTokenLogsInUnderANewSessionIdAndTheSessionMayWrite() throws Exception {
        HttpResponse<String> first = postLogin(TOKEN, "/concepts/new");
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).hasValue("/concepts/new");
        assertThat(setCookieHeader(first).orElseThrow()).contains("HttpOnly", "SameSite=Strict");
        String planted = sessionCookie(first).orElseThrow();

        // Logging in again with a session that already exists (as one an attacker planted would) changes its id.
        HttpResponse<String> again = postLogin(TOKEN, "/", "Cookie", planted);
        assertThat(again.statusCode()).isEqualTo(303);
        String cookie = sessionCookie(again).orElseThrow(() -> new AssertionError("the session id was not changed"));
        assertThat(cookie).isNotEqualTo(planted);
        assertThat(send(createConceptForm("with the old id").header("Cookie", planted).header("Origin", origin()).build())
                .statusCode()).as("the old session id is dead").isEqualTo(303);

        // A web form.
        List<String> before = conceptIds();
        HttpResponse<String> created = send(createConceptForm("logged-in form").header("Cookie", cookie)
                .header("Origin", origin()).header("Referer", origin() + "/concepts/new").build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElse("")).matches(".*/concepts/[0-9a-f-]{36}");
        assertThat(conceptIds()).hasSize(before.size() + 1);

        // The API from this server's pages (Origin, or Referer without it).
        HttpResponse<String> api = send(createConceptApi().header("Cookie", cookie).header("Origin", origin()).build());
        assertThat(api.statusCode()).as(api.body()).isEqualTo(201);
        String apiId = json.readTree(api.body()).path("id").asText();
        HttpResponse<String> byReferer = send(HttpRequest.newBuilder(uri("/api/concepts/" + apiId)).timeout(TIMEOUT)
                .header("Cookie", cookie).header("Referer", origin() + "/concepts/" + apiId).DELETE().build());
        assertThat(byReferer.statusCode()).isEqualTo(204);
        assertThat(conceptIds()).hasSize(before.size() + 1);

        // … but not from another site's page, nor from a client with the cookie alone.
        assertProblem(send(createConceptApi().header("Cookie", cookie).header("Origin", "https://evil.example").build()),
                403, "evil.example");
        assertProblem(send(createConceptApi().header("Cookie", cookie)
                .header("Referer", "http://127.0.0.1:" + (port + 1) + "/").build()), 403);
        HttpResponse<String> bare = send(createConceptApi().header("Cookie", cookie).build());
        assertProblem(bare, 401, "without Origin or Referer", "Authorization: Bearer");
        assertThat(bare.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"findling\"");
        assertThat(conceptIds()).hasSize(before.size() + 1);
    }

    @Test
    void nextMustBeALocalPathOrTheLoginGoesHome() throws Exception {
        for (String foreign : List.of("//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example",
                "evil.example/x", "javascript:alert(1)", "/\r\nSet-Cookie: x=y", "///evil.example", "")) {
            HttpResponse<String> r = postLogin(TOKEN, foreign);
            assertThat(r.statusCode()).as(foreign).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(foreign).hasValue("/");
        }
        assertThat(postLogin(TOKEN, "/library?q=red%20car").headers().firstValue("Location"))
                .hasValue("/library?q=red%20car");
        assertThat(postLogin(TOKEN, null).headers().firstValue("Location")).hasValue("/");
        // Percent-encoded, a CR LF is just part of a local path: it stays encoded in the header.
        assertThat(postLogin(TOKEN, "/%0d%0aSet-Cookie:x=y").headers().firstValue("Location"))
                .hasValue("/%0d%0aSet-Cookie:x=y");
        // The page never offers a foreign next either.
        assertThat(get("/login?next=%2F%2Fevil.example").body()).contains("name=\"next\" value=\"/\"")
                .doesNotContain("evil.example");
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused() throws Exception {
        HttpResponse<String> r = send(form("/login", "token", TOKEN).header("Origin", "https://evil.example").build());
        assertProblem(r, 403, "evil.example");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        assertProblem(send(form("/logout").header("Origin", "https://evil.example").build()), 403);
    }

    @Test
    void afterLoggingOutTheSessionMayNotWriteAgain() throws Exception {
        String cookie = logIn();
        String id = createWithToken();
        HttpResponse<String> page = get("/concepts/" + id, "Cookie", cookie);
        assertThat(page.body()).contains("class=\"site-nav__logout\"", ">Log out</button>",
                "name=\"next\" value=\"/concepts/" + id + "\"").doesNotContain("id=\"login-hint\"");

        HttpResponse<String> out = send(form("/logout", "next", "/concepts/" + id).header("Cookie", cookie)
                .header("Origin", origin()).build());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/concepts/" + id);

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/concepts/" + id + "/delete")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .header("Origin", origin()).header("Referer", origin() + "/concepts/" + id)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(refused.headers().firstValue("Location")).hasValue("/login?next=%2Fconcepts%2F" + id);
        assertProblem(send(HttpRequest.newBuilder(uri("/api/concepts/" + id)).timeout(TIMEOUT).header("Cookie", cookie)
                .header("Origin", origin()).DELETE().build()), 401);
        assertThat(conceptIds()).contains(id);

        // The navigation offers the login again, with the way back; the pages with forms say why.
        HttpResponse<String> after = get("/concepts/" + id, "Cookie", cookie);
        assertThat(after.body()).contains("href=\"/login?next=/concepts/" + id + "\">Log in</a>", "id=\"login-hint\"",
                "Changing anything on this server needs a login.").doesNotContain("site-nav__logout");
    }

    @Test
    void theLoginPageOfALoggedInBrowserSaysSo() throws Exception {
        String cookie = logIn();
        HttpResponse<String> page = get("/login?next=%2Flibrary", "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("You are logged in", "href=\"/library\"").doesNotContain("type=\"password\"");
    }
}
