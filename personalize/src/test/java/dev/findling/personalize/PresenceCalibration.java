package dev.findling.personalize;

import dev.findling.models.ModelPack;
import dev.findling.models.testing.ReferencePackFixture;

import java.util.List;
import java.util.Locale;

/**
 * Test-side tool that calibrates {@link PerSamOptions#DEFAULT_PRESENCE_THRESHOLD}: runs the
 * synthetic benchmark on a calibration seed set (disjoint from the test's) with threshold 0,
 * collects presence scores of scenes with and without the concept, and reports the threshold that
 * maximises balanced accuracy together with both score ranges. Run:
 * {@code java -cp <test classpath> dev.findling.personalize.PresenceCalibration}.
 */
public final class PresenceCalibration {
    static final long CALIBRATION_SEED = 7_000_000L;

    public static void main(String[] args) {
        ModelPack pack = ReferencePackFixture.pack();
        List<SyntheticBenchmark.Outcome> outcomes =
                SyntheticBenchmark.run(pack, PerSamOptions.defaults().withPresenceThreshold(0), CALIBRATION_SEED, 4, 4);
        System.out.println(SyntheticBenchmark.table(outcomes));
        System.out.println(report(outcomes));
    }

    static String report(List<SyntheticBenchmark.Outcome> outcomes) {
        double[] present = outcomes.stream().filter(SyntheticBenchmark.Outcome::present).mapToDouble(SyntheticBenchmark.Outcome::score).sorted().toArray();
        double[] absent = outcomes.stream().filter(o -> !o.present()).mapToDouble(SyntheticBenchmark.Outcome::score).sorted().toArray();
        double best = 0, bestAcc = -1;
        for (int i = 0; i <= 100; i++) {
            double t = i / 100.0;
            double tpr = 0, tnr = 0;
            for (double s : present) {
                tpr += s >= t ? 1 : 0;
            }
            for (double s : absent) {
                tnr += s < t ? 1 : 0;
            }
            double acc = (tpr / present.length + tnr / absent.length) / 2;
            if (acc > bestAcc) {
                bestAcc = acc;
                best = t;
            }
        }
        return String.format(Locale.ROOT,
                "present scores: n=%d min %.3f median %.3f max %.3f%nabsent scores: n=%d min %.3f median %.3f max %.3f%n"
                        + "lowest threshold with the best balanced accuracy: %.2f (balanced accuracy %.3f)%n"
                        + "midpoint between the highest absent and the lowest present score: %.4f",
                present.length, present[0], present[present.length / 2], present[present.length - 1],
                absent.length, absent[0], absent[absent.length / 2], absent[absent.length - 1], best, bestAcc,
                (absent[absent.length - 1] + present[0]) / 2);
    }
}
