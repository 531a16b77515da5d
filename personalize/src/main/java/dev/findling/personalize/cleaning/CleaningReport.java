package dev.findling.personalize.cleaning;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a cleaning run.
 *
 * @param outputDir where the cleaned set was written
 * @param records   one per input image, in input order
 */
public record CleaningReport(Path outputDir, List<CleaningRecord> records) {
    public CleaningReport {
        records = List.copyOf(records);
    }

    public long keptCount() {
        return records.stream().filter(CleaningRecord::kept).count();
    }

    public long rejectedCount() {
        return records.size() - keptCount();
    }

    public long count(RejectionReason reason) {
        return records.stream().filter(r -> r.reason().orElse(null) == reason).count();
    }
}
