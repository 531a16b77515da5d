package dev.findling.personalize;

import dev.findling.models.testing.ReferencePackFixture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PerSAM with the reference pack on the seeded synthetic benchmark: five concepts differing in
 * colour and texture, three scenes with the concept and two without each.
 */
class SyntheticBenchmarkTest {
    static final long SEED = 20_260_101L;

    @Test
    void findsTheConceptAccuratelyAndRejectsImagesWithoutIt() {
        List<SyntheticBenchmark.Outcome> outcomes =
                SyntheticBenchmark.run(ReferencePackFixture.pack(), PerSamOptions.defaults(), SEED, 3, 2);
        String table = SyntheticBenchmark.table(outcomes);
        System.out.println(table);
        double miou = SyntheticBenchmark.meanIou(outcomes);
        double fpr = SyntheticBenchmark.falsePositiveRate(outcomes);
        System.out.printf("synthetic benchmark: PerSAM mIoU %.3f on present scenes (PerSAM-F mean IoU %.3f), "
                + "false-positive rate %.3f on absent scenes%n", miou, SyntheticBenchmark.meanIouFineTuned(outcomes), fpr);
        assertTrue(miou >= 0.85, "mIoU " + miou + " < 0.85\n" + table);
        assertTrue(fpr <= 0.10, "false-positive rate " + fpr + " > 0.10\n" + table);
    }
}
