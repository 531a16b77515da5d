package dev.findling.app.security;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code findling.security.token} set: API writes need the token (bearer or X-Findling-Token), reads do not, and
 * a refused write changes nothing. The web forms refuse cross-site posts (Origin, else Referer) before anything else,
 * and accept same-site posts from a logged-in browser — or from a script with the token. Logging in itself:
 * {@link LoginTest}.
 */
class SecurityTest extends TokenServerSupport {

    @Test
    void anApiWriteWithoutTheTokenIs401AndChangesNothing() throws Exception {
        var before = conceptIds();
        HttpResponse<String> r = send(createConceptApi().build());
        assertProblem(r, 401, "Authorization: Bearer", "/login");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"findling\"");
        assertThat(conceptIds()).isEqualTo(before);
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        HttpResponse<String> bearer = send(createConceptApi().header("Authorization", "Bearer not-the-token").build());
        assertProblem(bearer, 401, "is not the server's");
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        assertProblem(send(createConceptApi().header("X-Findling-Token", TOKEN + "x").build()), 401);
        assertProblem(send(createConceptApi().header("X-Findling-Token", TOKEN.substring(1)).build()), 401);
        assertProblem(send(HttpRequest.newBuilder(uri("/api/concepts/anything")).DELETE().build()), 401);
    }

    @Test
    void aWrongTokenIsNotRescuedByALoggedInSession() throws Exception {
        String cookie = logIn();
        HttpResponse<String> r = send(createConceptApi().header("Cookie", cookie).header("Origin", origin())
                .header("X-Findling-Token", "not-the-token").build());
        assertProblem(r, 401, "is not the server's");
    }

    @Test
    void theTokenAsBearerOrHeaderIsAccepted() throws Exception {
        HttpResponse<String> created = send(createConceptApi().header("Authorization", "Bearer " + TOKEN).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).path("id").asText();
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/concepts/" + id))
                .header("X-Findling-Token", TOKEN).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
    }

    @Test
    void readsStayOpen() throws Exception {
        assertThat(get("/api/concepts").statusCode()).isEqualTo(200);
        assertThat(get("/api/packs/active").statusCode()).isEqualTo(200);
        assertThat(get("/concepts").statusCode()).isEqualTo(200);
        assertThat(get("/concepts/new").statusCode()).isEqualTo(200);
    }

    @Test
    void readsAddressedToAForeignHostAreMisdirectedEvenWithATokenSet() throws Exception {
        String id = createWithToken();
        RawHttp.Response r = RawHttp.send(port, "GET", "/api/concepts/" + id + "/reference.png",
                java.util.Map.of("Host", "evil.example:" + port), null);
        assertThat(r.status()).as(r.body()).isEqualTo(421);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(RawHttp.get(port, "/api/concepts", "evil.example:" + port).status()).isEqualTo(421);
        assertThat(RawHttp.get(port, "/api/concepts", "localhost:" + port).status()).isEqualTo(200);
    }

    @Test
    void theTokenDoesNotLetAnotherOriginWrite() throws Exception {
        var before = conceptIds();
        HttpResponse<String> r = send(createConceptApi().header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "https://evil.example").build());
        assertProblem(r, 403, "https://evil.example");
        assertThat(conceptIds()).isEqualTo(before);
    }

    @Test
    void aCrossSiteFormPostIsRefusedAndChangesNothing() throws Exception {
        String id = createWithToken();
        String cookie = logIn(); // even a logged-in browser: another site's form must not use its session
        HttpResponse<String> fromOrigin = send(deleteForm(id).header("Origin", "https://evil.example").build());
        assertProblem(fromOrigin, 403, "evil.example");
        assertProblem(send(deleteForm(id).header("Cookie", cookie).header("Origin", "https://evil.example").build()), 403);
        HttpResponse<String> fromReferer = send(deleteForm(id)
                .header("Referer", "http://127.0.0.1.evil.example:" + port + "/concepts").build());
        assertProblem(fromReferer, 403);
        assertProblem(send(deleteForm(id).header("Origin", "null").build()), 403);
        assertProblem(send(deleteForm(id).header("Origin", "http://127.0.0.1:" + (port + 1)).build()), 403);
        assertThat(conceptIds()).contains(id);
    }

    @Test
    void aSameSiteFormPostFromALoggedInBrowserIsAccepted() throws Exception {
        String cookie = logIn();
        String id = createWithToken();
        HttpResponse<String> r = send(deleteForm(id).header("Cookie", cookie).header("Origin", origin()).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(conceptIds()).doesNotContain(id);

        String other = createWithToken();
        HttpResponse<String> byReferer = send(deleteForm(other).header("Cookie", cookie)
                .header("Referer", origin() + "/concepts/" + other).build());
        assertThat(byReferer.statusCode()).isEqualTo(302);
        assertThat(conceptIds()).doesNotContain(other);
    }

    @Test
    void aFormPostWithoutOriginOrRefererNeedsTheTokenOrALogin() throws Exception {
        String id = createWithToken();
        HttpResponse<String> anonymous = send(deleteForm(id).build());
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login?next=%2F");
        assertThat(conceptIds()).contains(id);

        // A script posting a form may send the token as an API client does.
        assertThat(send(deleteForm(id).header("X-Findling-Token", TOKEN + "x").build()).statusCode()).isEqualTo(303);
        assertThat(send(deleteForm(id).header("Authorization", "Bearer " + TOKEN).build()).statusCode()).isEqualTo(302);
        assertThat(conceptIds()).doesNotContain(id);
    }

    private HttpRequest.Builder deleteForm(String id) {
        return HttpRequest.newBuilder(uri("/concepts/" + id + "/delete")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""));
    }
}
