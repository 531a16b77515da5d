package dev.findling.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.TestData;
import dev.findling.app.hardening.HardeningServerSupport;
import dev.findling.app.packs.ActivePack;
import dev.findling.models.ModelPack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model, library search and job timers show up at /actuator/prometheus once they have run. */
class MetricsTest extends HardeningServerSupport {

    @Autowired
    ActivePack activePack;

    @Test
    void theActivePackHandsOutTimedEncoderAndDecoders() {
        ModelPack pack = activePack.require();
        assertThat(ModelTimers.isTimed(pack.imageEncoder())).isTrue();
        assertThat(ModelTimers.isTimed(pack.promptDecoder())).isTrue();
        assertThat(ModelTimers.isTimed(pack.personalizationDecoder())).isTrue();
    }

    @Test
    void afterASegmentationPrometheusHasEncoderAndDecoderTimers() throws Exception {
        String conceptId = createConcept("metrics");
        HttpResponse<String> r = post("/api/concepts/" + conceptId + "/segment",
                new Multipart().file("image", "t.png", "image/png", png(targetScene())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        String metrics = prometheus();
        assertThat(count(metrics, "findling_model_encode_seconds_count", "outcome=\"success\"")).isGreaterThanOrEqualTo(1);
        assertThat(count(metrics, "findling_model_decode_seconds_count", "outcome=\"success\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("pack=\"findling-reference-v1\"", "findling_model_encode_seconds_bucket");
    }

    @Test
    void librarySearchesAndJobsAreTimed() throws Exception {
        get("/api/search?q=red");
        assertThat(count(prometheus(), "findling_library_search_seconds_count", "kind=\"text\"")).isGreaterThanOrEqualTo(1);

        var album = TestData.newTempDir("findling-metrics-album-");
        HttpResponse<String> added = send(HttpRequest.newBuilder(uri("/api/library/roots")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("path", album.toString())))).build());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String rootId = json.readTree(added.body()).path("id").asText();
        HttpResponse<String> ingest = send(HttpRequest.newBuilder(uri("/api/library/roots/" + rootId + "/ingest"))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(ingest.statusCode() / 100).as(ingest.body()).isEqualTo(2);
        String jobId = json.readTree(ingest.body()).path("id").asText();
        JsonNode job = json.readTree(get("/api/jobs/" + jobId).body());
        for (int i = 0; i < 300 && job.path("finishedAt").isNull(); i++) {
            Thread.sleep(100);
            job = json.readTree(get("/api/jobs/" + jobId).body());
        }
        assertThat(job.path("finishedAt").isNull()).as(job.toString()).isFalse();
        assertThat(count(prometheus(), "findling_jobs_seconds_count", "state=\"" + job.path("state").asText() + "\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(prometheus()).contains("findling_jobs_active");
    }

    private String prometheus() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).timeout(REQUEST_TIMEOUT).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Sum of the samples of {@code name} whose labels contain {@code label}. */
    private static double count(String metrics, String name, String label) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
