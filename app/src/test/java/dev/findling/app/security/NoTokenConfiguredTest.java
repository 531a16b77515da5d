package dev.findling.app.security;

import dev.findling.app.hardening.HardeningServerSupport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code findling.security.token} nothing changes: API writes need no token. */
class NoTokenConfiguredTest extends HardeningServerSupport {

    @Test
    void apiWritesNeedNoTokenWhenNoneIsConfigured() throws Exception {
        String id = createConcept("no token needed");
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/concepts/" + id))
                .timeout(REQUEST_TIMEOUT).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
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
