package dev.findling.app;

import dev.findling.app.packs.ActivePack;
import dev.findling.app.security.SecurityProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What every controller slice ({@code @WebMvcTest(SomeController.class)}) needs beside its controller and the
 * mocked services: the web layer's own beans — the security filters, the problem-details handler, the interceptors —
 * run as in the server, so a slice checks the real request and response mapping. The interceptors' dependencies
 * are stand-ins: a meter registry for the search timer, a mocked {@link ActivePack} for the pages' footer model;
 * the security settings are the defaults (no API token), as in the end-to-end tests.
 */
@Import(ControllerSlice.WebLayerBeans.class)
public abstract class ControllerSlice {
    @MockitoBean
    protected ActivePack activePack;

    @Autowired
    protected MockMvc mvc;

    /**
     * An uploaded file part, as a browser sends it, of a few bytes that are no image: the services are mocked, so
     * only the mapping reads it.
     */
    protected static MockMultipartFile upload(String part, String fileName) {
        return new MockMultipartFile(part, fileName, MediaType.IMAGE_PNG_VALUE, new byte[] {1, 2, 3});
    }

    /** The answer is an RFC 9457 problem (application/problem+json) with this status and title. */
    protected static ResultActions expectProblem(ResultActions response, int status, String title) throws Exception {
        return response.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").value(title));
    }

    /** The security filters' settings (slices do not scan for configuration properties; the server does). */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class WebLayerBeans {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
