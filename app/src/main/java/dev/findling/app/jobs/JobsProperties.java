package dev.findling.app.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code findling.jobs.*}: how long finished jobs (and their files, e.g. a cleaning run's result.zip) are kept.
 *
 * @param retention    a finished job (completed, failed, cancelled or interrupted) is deleted with its files this long
 *                     after it ended; e.g. {@code 7d}, {@code 12h}
 * @param keptFinished at most this many finished jobs are kept; beyond it the oldest go first
 * @param queue        jobs waiting at most; more are refused with 503
 */
@ConfigurationProperties(prefix = "findling.jobs")
public record JobsProperties(@DefaultValue("7d") Duration retention, @DefaultValue("50") int keptFinished,
                             @DefaultValue("32") int queue) {
    public JobsProperties {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("findling.jobs.retention must be positive (e.g. 7d), was " + retention);
        }
        if (keptFinished < 1) {
            throw new IllegalArgumentException("findling.jobs.kept-finished must be at least 1, was " + keptFinished);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("findling.jobs.queue must be at least 1, was " + queue);
        }
    }
}
