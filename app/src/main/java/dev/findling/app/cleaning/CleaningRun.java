package dev.findling.app.cleaning;

import dev.findling.personalize.cleaning.CleaningOptions;
import dev.findling.personalize.cleaning.CleaningReport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One cleaning job's files and, once it has completed, its report.
 *
 * @param jobId       the job that runs it
 * @param conceptName what it cleans for
 * @param options     the rules it applies
 * @param workDir     {@code input/} (the uploads), {@code output/} (the cleaned set), {@code result.zip}
 */
public record CleaningRun(String jobId, String conceptName, CleaningOptions options, Path workDir,
                          Optional<CleaningReport> report) {
    public Path inputDir() {
        return workDir.resolve("input");
    }

    public Path outputDir() {
        return workDir.resolve("output");
    }

    public Path zipFile() {
        return workDir.resolve("result.zip");
    }

    CleaningRun withReport(CleaningReport r) {
        return new CleaningRun(jobId, conceptName, options, workDir, Optional.of(r));
    }
}
