package dev.findling.app.concepts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.ServerRequests;
import dev.findling.app.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One running server (random port, temporary data dir) shared by the concepts tests, and their HTTP helpers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ConceptServerTestSupport {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", () -> TestData.dataDir().toString());
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;


    ResponseEntity<String> createConcept(byte[] image, byte[] mask, String name, boolean fineTune) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("image", file(image, "reference.png"));
        form.add("mask", file(mask, "mask.png"));
        form.add("name", name);
        form.add("fineTune", Boolean.toString(fineTune));
        return http.postForEntity("/api/concepts", new HttpEntity<>(form, multipart()), String.class);
    }

    String idOf(ResponseEntity<String> created) throws Exception {
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        return json.readTree(created.getBody()).path("id").asText();
    }

    JsonNode segment(String id, byte[] image, int maxInstances) throws Exception {
        ResponseEntity<String> r = post("/api/concepts/" + id + "/segment",
                Map.of("image", file(image, "test.png"), "maxInstances", Integer.toString(maxInstances)));
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
    }

    ResponseEntity<String> post(String path, Map<String, Object> parts) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        parts.forEach(form::add);
        return http.postForEntity(path, new HttpEntity<>(form, multipart()), String.class);
    }

    ResponseEntity<String> get(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    static HttpHeaders multipart() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return headers;
    }

    static ByteArrayResource file(byte[] bytes, String name) {
        return ServerRequests.file(bytes, name);
    }

    void assertProblem(ResponseEntity<String> response, HttpStatus status, String... detailContains) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(String.valueOf(response.getHeaders().getContentType())).isTrue();
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
        assertThat(problem.path("title").asText()).isNotBlank();
        for (String s : detailContains) {
            assertThat(problem.path("detail").asText()).contains(s);
        }
    }
}
