package dev.findling.app.security;

import dev.findling.app.hardening.HardeningServerSupport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code findling.security.token} nothing changes: writes need no token and there is nothing to log in to. */
class NoTokenConfiguredTest extends HardeningServerSupport {

    @Test
    void apiWritesNeedNoTokenWhenNoneIsConfigured() throws Exception {
        String id = createConcept("no token needed");
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/concepts/" + id))
                .timeout(REQUEST_TIMEOUT).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
    }

    @Test
    void formPostsNeedNoLoginWhenNoTokenIsConfigured() throws Exception {
        String id = createConcept("no login needed");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/concepts/" + id + "/delete")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(get("/api/concepts/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void theLoginPageSaysNoLoginIsNeededAndTheNavigationOffersNone() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login?next=%2Flibrary")).timeout(REQUEST_TIMEOUT)
                .GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>No login needed</h1>", "href=\"/library\"").doesNotContain("type=\"password\"");

        // A login posted anyway (a page left open while the token was removed) just goes on, with no session.
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/login")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=anything&next=%2F%2Fevil.example")).build());
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue("/");
        assertThat(posted.headers().allValues("Set-Cookie")).isEmpty();

        String concepts = send(HttpRequest.newBuilder(uri("/concepts/new")).timeout(REQUEST_TIMEOUT).GET().build()).body();
        assertThat(concepts).doesNotContain(">Log in<", "site-nav__logout", "login-hint");
    }

    @Test
    void aCrossSiteFormPostIsRefusedEvenWithoutAToken() throws Exception {
        String id = createConcept("kept");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/concepts/" + id + "/delete")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertProblem(r, 403);
        assertThat(get("/api/concepts/" + id).statusCode()).isEqualTo(200);
    }
}
