package dev.findling.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * A test against the whole server on a random port, as a client sees it: the HTTP client, the JSON mapper and the
 * shared {@link ServerRequests}. Subclasses bring their own data and pack folders ({@code @DynamicPropertySource}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningServerTest {
    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected ObjectMapper json;

    protected ServerRequests requests;

    @BeforeEach
    void clientRequests() {
        requests = new ServerRequests(http);
    }
}
