package dev.findling.app.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.ServerRequests;
import dev.findling.app.TestData;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;


/** Helpers for the library's server tests: each test class has its own data dir (the library holds a write lock). */
final class LibraryTestSupport {
    private LibraryTestSupport() {
    }

    /** The reference pack generated once per JVM in the shared test data dir (reused, not regenerated). */
    static Path sharedPackDir() {
        return TestData.dataDir().resolve("packs").resolve("findling-reference-v1");
    }

    static ResponseEntity<String> get(TestRestTemplate http, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    static ResponseEntity<String> postJson(TestRestTemplate http, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    /** Polls the job until it reaches a final state; returns its last status. */
    static JsonNode awaitJob(TestRestTemplate http, ObjectMapper json, String jobId, Duration timeout) throws Exception {
        return new ServerRequests(http).awaitJob(jobId, timeout);
    }
}
