package dev.findling.app.jobs;

import dev.findling.app.FindlingProperties;
import dev.findling.jobs.JobRecordStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The one job registry of the application, its records in {@code <data dir>/jobs/}. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {
    /**
     * One job at a time: every job here is model inference, which already spreads over all cores through ONNX
     * Runtime's own threads; two at once would only make both slower and double the memory.
     */
    static final int WORKERS = 1;

    @Bean(destroyMethod = "close")
    JobRegistry jobRegistry(FindlingProperties properties, JobsProperties jobs) {
        return new JobRegistry(WORKERS, jobs.queue(), jobs.keptFinished(), jobs.retention(),
                new JobRecordStore(properties.dataDir().resolve("jobs")), Clock.systemUTC());
    }
}
