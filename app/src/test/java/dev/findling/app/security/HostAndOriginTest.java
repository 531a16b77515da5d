package dev.findling.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.hardening.HardeningServerSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding and cross-site writes against the default server (no token): a request naming another host is
 * answered 421 whatever it asks, and a write from a page on another origin 403, API included — while the loopback
 * names, the configured extra host, same-origin pages and header-less clients (curl) keep working.
 */
class HostAndOriginTest extends HardeningServerSupport {

    @Test
    void aReadAddressedToAForeignHostIsMisdirected() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/api/library/roots", "evil.example:" + port);
        assertMisdirected(r, "evil.example");
        assertMisdirected(RawHttp.get(port, "/api/concepts", "evil.example"), "evil.example");
        // The health endpoint and the pages too: a rebound page may read nothing at all.
        assertThat(RawHttp.get(port, "/actuator/health", "evil.example:" + port).status()).isEqualTo(421);
        assertThat(RawHttp.get(port, "/library", "evil.example:" + port).status()).isEqualTo(421);
    }

    @Test
    void theLoopbackNamesAndTheConfiguredHostAreAnswered() throws Exception {
        for (String host : new String[]{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
                "localhost.:" + port, EXTRA_HOST + ":" + port, "Photos.Example.Test"}) {
            RawHttp.Response r = RawHttp.get(port, "/api/concepts", host);
            assertThat(r.status()).as("Host: %s → %s", host, r.body()).isEqualTo(200);
        }
    }

    @Test
    void aLookalikeOrMalformedHostIsMisdirected() throws Exception {
        for (String host : new String[]{"localhost.evil.example", "127.0.0.1.nip.io:" + port, "evil.example@127.0.0.1",
                "sub." + EXTRA_HOST, "::1"}) {
            RawHttp.Response r = RawHttp.get(port, "/api/concepts", host);
            assertThat(r.status()).as("Host: %s", host).isIn(400, 421);
        }
    }

    @Test
    void aRebindingPageCannotAddARootOrReadItsFiles(@TempDir Path privateFolder) throws Exception {
        Files.write(privateFolder.resolve("private.jpg"), new byte[]{1, 2, 3});
        String body = "{\"path\":\"" + privateFolder.toString().replace("\\", "\\\\") + "\"}";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "evil.example:" + port);
        headers.put("Origin", "http://evil.example:" + port);
        headers.put("Content-Type", "application/json");
        RawHttp.Response r = RawHttp.send(port, "POST", "/api/library/roots", headers, body.getBytes(StandardCharsets.UTF_8));
        assertMisdirected(r, "evil.example");
        assertThat(get("/api/library/roots").body()).doesNotContain(privateFolder.getFileName().toString());
    }

    @Test
    void anApiWriteFromAnotherOriginIsRefusedAndChangesNothing() throws Exception {
        String id = createConcept("kept across sites");
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/concepts/" + id)).timeout(REQUEST_TIMEOUT)
                .header("Origin", "http://evil.example:" + port).DELETE().build());
        JsonNode problem = assertProblem(deleted, 403);
        assertThat(problem.path("detail").asText()).contains("http://evil.example:" + port);
        assertThat(get("/api/concepts/" + id).statusCode()).isEqualTo(200);

        HttpResponse<String> created = send(conceptRequest("cross-site").header("Origin", "https://evil.example").build());
        assertProblem(created, 403);
        HttpResponse<String> byReferer = send(conceptRequest("cross-site").header("Referer", "https://evil.example/page").build());
        assertProblem(byReferer, 403);
        HttpResponse<String> opaque = send(conceptRequest("cross-site").header("Origin", "null").build());
        assertProblem(opaque, 403);
        HttpResponse<String> cancel = send(HttpRequest.newBuilder(uri("/api/jobs/no-such-job/cancel")).timeout(REQUEST_TIMEOUT)
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(cancel, 403);
        assertThat(get("/api/concepts").body()).doesNotContain("cross-site");
    }

    @Test
    void sameOriginPagesAndHeaderlessClientsMayWrite() throws Exception {
        HttpResponse<String> fromPage = send(conceptRequest("from the page").header("Origin", "http://127.0.0.1:" + port).build());
        assertThat(fromPage.statusCode()).as(fromPage.body()).isEqualTo(201);
        HttpResponse<String> fromCurl = send(conceptRequest("from curl").build());
        assertThat(fromCurl.statusCode()).as(fromCurl.body()).isEqualTo(201);
        String id = json.readTree(fromCurl.body()).path("id").asText();
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/concepts/" + id)).timeout(REQUEST_TIMEOUT)
                .header("Referer", "http://127.0.0.1:" + port + "/concepts/" + id).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
    }

    private HttpRequest.Builder conceptRequest(String name) {
        dev.findling.models.testing.SyntheticScenes.Scene ref = referenceScene();
        return new Multipart()
                .file("image", "reference.png", "image/png", png(ref))
                .file("mask", "mask.png", "image/png", dev.findling.models.image.MaskImages.toPng(ref.disc()))
                .field("name", name)
                .request(uri("/api/concepts")).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    private void assertMisdirected(RawHttp.Response r, String host) throws IOException {
        assertThat(r.status()).as(r.body()).isEqualTo(421);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(421);
        assertThat(problem.path("detail").asText()).contains("'" + host + "'", "findling.security.allowed-hosts");
    }
}
