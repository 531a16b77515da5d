package dev.findling.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.app.hardening.HardeningServerSupport.Multipart;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real server with {@code findling.security.token} set, shared (one Spring context) by the token and login
 * tests, and a plain {@link HttpClient} that follows no redirects and keeps no cookies — every test says exactly
 * which session cookie and which Origin/Referer a request carries. Each test starts with no wrong tokens counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "findling.security.token=" + TokenServerSupport.TOKEN,
        "findling.demo.enabled=false"})
abstract class TokenServerSupport {
    static final String TOKEN = "correct-horse-battery-staple";
    static final String SESSION_COOKIE = "JSESSIONID";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenGuessLimiter guesses;

    /**
     * Every test sends from the same loopback address to a server that Spring's context cache shares between the
     * test classes: without this, the wrong tokens of earlier tests would add up to a lockout (429) in later ones.
     */
    @BeforeEach
    void forgetWrongTokens() {
        guesses.forgetAll();
    }

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    /** This server's origin as a browser on its pages would send it. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    URI uri(String path) {
        return URI.create(origin() + path);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** A urlencoded form post, as a browser's form sends it. */
    HttpRequest.Builder form(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** Logs in through {@code POST /login} from this server's login page; returns the response (303 on success). */
    HttpResponse<String> postLogin(String token, String next, String... headers) throws IOException {
        HttpRequest.Builder b = next == null ? form("/login", "token", token) : form("/login", "token", token, "next", next);
        b.header("Origin", origin()).header("Referer", origin() + "/login");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** Logs in with the right token and returns the new session's cookie ({@code JSESSIONID=…}). */
    String logIn() throws IOException {
        HttpResponse<String> r = postLogin(TOKEN, "/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return sessionCookie(r).orElseThrow(() -> new AssertionError("no session cookie after logging in"));
    }

    /** The {@code JSESSIONID=…} pair a response sets, if any. */
    static Optional<String> sessionCookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SESSION_COOKIE + "="))
                .map(c -> c.split(";", 2)[0])
                .findFirst();
    }

    static Optional<String> setCookieHeader(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(SESSION_COOKIE + "=")).findFirst();
    }

    /** The create-concept request body (reference image and its disc mask) for the page form or the API. */
    static Multipart conceptUpload(String name) {
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(320, 240, 7);
        return new Multipart()
                .file("image", "reference.png", "image/png", PngWriter.rgb(ref.image()))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(ref.disc()))
                .field("name", name);
    }

    HttpRequest.Builder createConceptApi() {
        return conceptUpload("api concept").request(uri("/api/concepts")).timeout(TIMEOUT)
                .header("Accept", "application/json");
    }

    HttpRequest.Builder createConceptForm(String name) {
        return conceptUpload(name).request(uri("/concepts")).timeout(TIMEOUT).header("Accept", "text/html");
    }

    String createWithToken() throws IOException {
        HttpResponse<String> created = send(createConceptApi().header("Authorization", "Bearer " + TOKEN).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).path("id").asText();
    }

    List<String> conceptIds() throws IOException {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/concepts")).timeout(TIMEOUT).GET().build());
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(list.body()).forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    void assertProblem(HttpResponse<String> r, int status, String... detailContains) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        if (detailContains.length > 0) {
            assertThat(problem.path("detail").asText()).contains(detailContains);
        }
    }
}
