package dev.findling.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.TestData;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real server (random port, the JVM's temporary data dir, uploads limited to 1 MB per file so that the
 * over-size case is cheap, no demo album, one extra allowed host, a model queue that admits the load tests' bursts) shared by the hardening tests — bad input, fuzz, load, metrics — with a
 * plain {@link HttpClient} whose every request has a timeout, so a hang fails the test instead of stalling CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "findling.limits.max-file-size=1MB",
        "findling.limits.max-request-size=2MB",
        "findling.demo.enabled=false",
        "findling.security.allowed-hosts=" + HardeningServerSupport.EXTRA_HOST,
        // LoadTest's bursts are about correct answers under concurrency, so all of them are admitted (queued); the
        // admission gate's refusals have their own test (ModelAdmissionFilterTest).
        "findling.limits.model-queue=64"})
@AutoConfigureObservability(tracing = false) // Boot's tests turn metrics export (and so /actuator/prometheus) off otherwise
public abstract class HardeningServerSupport {
    /** Generous: the slowest legitimate request here is one encoder run plus a few decoder passes. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A name the server is told to answer to besides the loopback ones (findling.security.allowed-hosts). */
    public static final String EXTRA_HOST = "photos.example.test";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @LocalServerPort
    protected int port;

    protected final ObjectMapper json = new ObjectMapper();
    protected final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build());
    }

    protected HttpResponse<byte[]> getBytes(String path) {
        try {
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> post(String path, Multipart form) {
        return send(form.request(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The standard scene (640×480, a red disc) as reference and its disc as mask. */
    protected static SyntheticScenes.Scene referenceScene() {
        return SyntheticScenes.standardScene(640, 480, 7);
    }

    /** The disc elsewhere on another background (600×420). */
    protected static SyntheticScenes.Scene targetScene() {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(600, 420, 21));
    }

    protected static byte[] png(SyntheticScenes.Scene scene) {
        return PngWriter.rgb(scene.image());
    }

    /** Creates a PerSAM concept from the reference scene; returns its id. */
    protected String createConcept(String name) throws IOException {
        SyntheticScenes.Scene ref = referenceScene();
        HttpResponse<String> created = post("/api/concepts", new Multipart()
                .file("image", "reference.png", "image/png", png(ref))
                .file("mask", "mask.png", "image/png", MaskImages.toPng(ref.disc()))
                .field("name", name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).path("id").asText();
    }

    protected JsonNode assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("%s %s → %s", response.request().method(), response.request().uri(), response.headers().map())
                .startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    /** A multipart/form-data body built by hand, so that tests control every byte the server sees. */
    public static final class Multipart {
        private final String boundary = "findling-" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        public Multipart file(String name, String fileName, String contentType, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            body.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        public HttpRequest.Builder request(URI uri) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(body.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return HttpRequest.newBuilder(uri)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(all.toByteArray()));
        }

        private void write(String s) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
