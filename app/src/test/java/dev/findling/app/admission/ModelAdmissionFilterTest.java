package dev.findling.app.admission;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One request may run and one wait; a third is refused at once with 503, Retry-After and a problem detail. */
class ModelAdmissionFilterTest {

    @Test
    void beyondTheRunningAndWaitingRequestsTheNextIsRefusedWithRetryAfter() throws Exception {
        ModelAdmissionFilter gate = new ModelAdmissionFilter(1, 1, Duration.ofSeconds(30));
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<MockHttpServletResponse> first = pool.submit(() -> run(gate, "/api/segment/prompt", () -> {
                firstInside.countDown();
                release.await(30, TimeUnit.SECONDS);
            }));
            assertThat(firstInside.await(30, TimeUnit.SECONDS)).isTrue();
            Future<MockHttpServletResponse> second = pool.submit(() -> run(gate, "/api/concepts", () -> { }));
            Thread.sleep(200); // the second is now waiting for the first

            MockHttpServletResponse third = run(gate, "/api/segment/text", () -> {
                throw new AssertionError("a refused request must not reach the handler");
            });
            assertThat(third.getStatus()).isEqualTo(503);
            assertThat(third.getHeader("Retry-After")).isEqualTo("2");
            assertThat(third.getContentType()).startsWith("application/problem+json");
            assertThat(third.getContentAsString()).contains("Server busy", "nothing was read or stored");

            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
            assertThat(second.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
            assertThat(run(gate, "/api/segment/text", () -> { }).getStatus()).as("free again").isEqualTo(200);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void readsAndOtherWritesDoNotQueue() throws Exception {
        ModelAdmissionFilter gate = new ModelAdmissionFilter(1, 0, Duration.ofMillis(10));
        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/api/concepts");
        assertThat(gate.shouldNotFilter(get)).isTrue();
        assertThat(gate.shouldNotFilter(new MockHttpServletRequest("POST", "/api/library/roots"))).isTrue();
        assertThat(gate.shouldNotFilter(new MockHttpServletRequest("POST", "/concepts/x/delete"))).isTrue();
        assertThat(gate.shouldNotFilter(new MockHttpServletRequest("POST", "/api/concepts/x/segment"))).isFalse();
        assertThat(gate.shouldNotFilter(new MockHttpServletRequest("POST", "/api/cleaning"))).isTrue();
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static MockHttpServletResponse run(ModelAdmissionFilter gate, String path, Work work) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        gate.doFilter(request, response, (req, res) -> {
            try {
                work.run();
            } catch (Exception e) {
                throw new jakarta.servlet.ServletException(e);
            }
        });
        return response;
    }
}
