package dev.findling.app.jobs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one job registry of the application. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {
    /**
     * One job at a time: every job here is model inference, which already spreads over all cores through ONNX
     * Runtime's own threads; two at once would only make both slower and double the memory.
     */
    static final int WORKERS = 1;
    static final int MAX_QUEUED = 32;
    /** Finished jobs kept so their results (and files) can still be fetched. */
    static final int KEPT_FINISHED = 50;

    @Bean(destroyMethod = "close")
    JobRegistry jobRegistry() {
        return new JobRegistry(WORKERS, MAX_QUEUED, KEPT_FINISHED);
    }
}
