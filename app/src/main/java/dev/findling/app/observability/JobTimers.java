package dev.findling.app.observability;

import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;

/**
 * Background jobs in Prometheus: {@code findling_jobs_seconds_{count,sum,max}} — how long each job that ran took
 * from start to end (pauses included), tagged {@code type} (cleaning, ingestion, …) and {@code state} (completed,
 * failed, cancelled) — and {@code findling_jobs_active} (queued, running or paused jobs now).
 */
@Component
public class JobTimers {
    /** Timer name of jobs that ran to an end. */
    public static final String JOBS = "findling.jobs";

    private final MeterRegistry registry;

    public JobTimers(JobRegistry jobs, MeterRegistry registry) {
        this.registry = registry;
        jobs.onJobRanToEnd(this::record);
        Gauge.builder("findling.jobs.active", jobs, JobTimers::active)
                .description("Jobs queued, running or paused")
                .register(registry);
    }

    private void record(JobStatus status) {
        if (status.startedAt() == null || status.finishedAt() == null) {
            return;
        }
        Timer.builder(JOBS)
                .description("Background jobs from start to end")
                .tag("type", status.type() == null ? "unknown" : status.type())
                .tag("state", status.state().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .record(Duration.between(status.startedAt(), status.finishedAt()));
    }

    private static double active(JobRegistry jobs) {
        return jobs.list().stream().filter(s -> s.finishedAt() == null).count();
    }
}
