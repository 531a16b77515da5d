package dev.findling.app.jobs;

import dev.findling.app.FindlingProperties;
import dev.findling.jobs.JobRecordStore;
import dev.findling.jobs.JobStoreInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

    /**
     * Durable when this process owns the data dir's job records; when another process does (a CLI command beside the
     * server), this one keeps its jobs in memory — it must neither resume nor expire the other's jobs.
     */
    @Bean(destroyMethod = "close")
    JobRegistry jobRegistry(FindlingProperties properties, JobsProperties jobs) {
        JobRecordStore store;
        try {
            store = new JobRecordStore(properties.dataDir().resolve("jobs"));
        } catch (JobStoreInUseException e) {
            log.info("Jobs of this process are kept in memory only: {}", e.getMessage());
            store = null;
        }
        return new JobRegistry(WORKERS, jobs.queue(), jobs.keptFinished(), jobs.retention(), store, Clock.systemUTC());
    }
}
