package dev.findling.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing the token over real HTTP (one loopback client): ten wrong tokens, then 429 with {@code Retry-After} for
 * every token it sends — at {@code POST /login}, as an API header or a form's header, the right token too — while a
 * session logged in before keeps working and requests without a token are answered as before. Per-client separation,
 * the window's end and the memory bound: {@link TokenGuessLimiterTest}.
 */
class TokenGuessLimitHttpTest extends TokenServerSupport {

    @Test
    void tenWrongLoginsThenEvenTheRightTokenIs429WithRetryAfter() throws Exception {
        String earlierLogin = logIn();
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> wrong = postLogin("guess-" + i, "/concepts/new");
            assertThat(wrong.statusCode()).as("wrong token %d", i).isEqualTo(401);
            assertThat(wrong.body()).contains("not this server’s access token");
        }

        HttpResponse<String> right = postLogin(TOKEN, "/concepts/new");
        assertThat(right.statusCode()).isEqualTo(429);
        long retryAfter = retryAfter(right);
        assertThat(retryAfter).isBetween(1L, 300L);
        assertThat(right.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(right.headers().allValues("Set-Cookie")).as("no login, no session").isEmpty();
        assertThat(right.body()).contains("id=\"login-error\"", "role=\"alert\"", "Too many wrong access tokens",
                        "Try again in <span>5 minutes</span>", "aria-describedby=\"login-error login-help\"",
                        "name=\"next\" value=\"/concepts/new\"")
                .doesNotContain("not this server’s access token", "aria-invalid");

        // The API and the forms refuse every token from this client too, the right one included.
        HttpResponse<String> wrongApi = send(createConceptApi().header("Authorization", "Bearer another-guess").build());
        assertProblem(wrongApi, 429, "wrong tokens", "Retry-After");
        assertThat(retryAfter(wrongApi)).isBetween(1L, retryAfter);
        JsonNode problem = json.readTree(wrongApi.body());
        assertThat(problem.path("title").asText()).isEqualTo("Too many wrong tokens");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/concepts");
        assertProblem(send(createConceptApi().header("X-Findling-Token", TOKEN).build()), 429);
        HttpResponse<String> form = send(createConceptForm("scripted").header("X-Findling-Token", TOKEN).build());
        assertProblem(form, 429);
        assertThat(form.headers().firstValue("Retry-After")).isPresent();

        // Without a token nothing changes; reads stay open; the earlier login still writes from this server's pages.
        assertProblem(send(createConceptApi().build()), 401, "Authorization: Bearer");
        assertThat(send(createConceptForm("no login").build()).statusCode()).isEqualTo(303);
        assertThat(get("/api/concepts").statusCode()).isEqualTo(200);
        assertThat(get("/login").statusCode()).isEqualTo(200);
        List<String> before = conceptIds();
        HttpResponse<String> bySession = send(createConceptApi().header("Cookie", earlierLogin)
                .header("Origin", origin()).build());
        assertThat(bySession.statusCode()).as(bySession.body()).isEqualTo(201);
        HttpResponse<String> formBySession = send(createConceptForm("logged in before").header("Cookie", earlierLogin)
                .header("Origin", origin()).build());
        assertThat(formBySession.statusCode()).as(formBySession.body()).isEqualTo(302);
        assertThat(conceptIds()).hasSize(before.size() + 2);
    }

    @Test
    void wrongTokensAtTheLoginTheApiAndTheFormsCountTogether() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(postLogin("login-guess-" + i, "/").statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertProblem(send(createConceptApi().header("X-Findling-Token", "api-guess-" + i).build()), 401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(send(createConceptForm("form guess").header("Authorization", "Bearer form-guess-" + i).build())
                    .statusCode()).isEqualTo(303);
        }
        HttpResponse<String> eleventh = send(createConceptApi().header("Authorization", "Bearer " + TOKEN).build());
        assertProblem(eleventh, 429);
        assertThat(retryAfter(eleventh)).isBetween(1L, 300L);
        assertThat(postLogin(TOKEN, "/").statusCode()).isEqualTo(429);
    }

    @Test
    void theRightTokenDoesNotCountAgainstTheClient() throws Exception {
        for (int i = 0; i < 15; i++) {
            assertThat(postLogin(TOKEN, "/").statusCode()).isEqualTo(303);
        }
        for (int i = 0; i < 9; i++) {
            assertThat(postLogin("", "/").statusCode()).as("a blank token counts as a wrong one").isEqualTo(401);
        }
        assertThat(postLogin(TOKEN, "/").statusCode()).isEqualTo(303);
        assertThat(postLogin("last-guess", "/").statusCode()).isEqualTo(401);
        assertThat(postLogin(TOKEN, "/").statusCode()).isEqualTo(429);
    }

    private static long retryAfter(HttpResponse<?> r) {
        String value = r.headers().firstValue("Retry-After")
                .orElseThrow(() -> new AssertionError("no Retry-After on " + r.statusCode()));
        assertThat(value).matches("[0-9]+");
        return Long.parseLong(value);
    }
}
