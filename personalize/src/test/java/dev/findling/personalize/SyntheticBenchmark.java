package dev.findling.personalize;

import dev.findling.models.ModelPack;
import dev.findling.models.sam.ImageEmbedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seeded synthetic benchmark behind {@code SyntheticBenchmarkTest} and the presence-threshold
 * calibration ({@link PresenceCalibration}): for every concept look, a reference scene, scenes
 * with the concept at other scales/positions/rotations/backgrounds and scenes without it.
 */
final class SyntheticBenchmark {
    /** One test image's outcome. */
    record Outcome(String concept, String scene, boolean present, boolean found, double score, double iou,
                   long intersection, long union, double scoreF, double iouF, float peak, float iouEstimate, float peakF, float iouEstimateF) {
    }

    private SyntheticBenchmark() {
    }

    static final int[][] SIZES = {{640, 480}, {480, 640}, {800, 600}, {512, 512}, {400, 300}};

    /**
     * @param seedBase     separates the benchmark set from the calibration set
     * @param presentCount scenes with the concept per concept
     * @param absentCount  scenes without it per concept
     */
    static List<Outcome> run(ModelPack pack, PerSamOptions options, long seedBase, int presentCount, int absentCount) {
        PerSam perSam = new PerSam(pack, options.withFineTuning(false));
        PerSam perSamF = perSam.withOptions(options.withFineTuning(true));
        List<Outcome> out = new ArrayList<>();
        int ci = 0;
        for (PersonalizationScenes.Look look : PersonalizationScenes.CONCEPTS) {
            long seed = seedBase + 1000L * ci++;
            int[] refSize = SIZES[(int) (seed % SIZES.length)];
            PersonalizationScenes.Scene ref = PersonalizationScenes.render(look, true, 1, refSize[0], refSize[1], seed);
            Concept concept = perSam.createConcept(look.name(), ref.image(), ref.truth(), true);
            for (int k = 0; k < presentCount + absentCount; k++) {
                boolean present = k < presentCount;
                int[] size = SIZES[(int) ((seed + k + 1) % SIZES.length)];
                PersonalizationScenes.Scene s = PersonalizationScenes.render(look, present, 1, size[0], size[1], seed + k + 1);
                ImageEmbedding emb = pack.imageEncoder().encode(s.image());
                PerSamResult r = perSam.segment(concept, emb);
                PerSamResult rf = perSamF.segment(concept, emb);
                out.add(new Outcome(look.name(), s.description(), present, r.found(), r.score(), r.mask().iou(s.truth()),
                        r.mask().intersectionArea(s.truth()), r.mask().unionArea(s.truth()), rf.score(), rf.mask().iou(s.truth()),
                        r.peakConfidence(), r.iouEstimate(), rf.peakConfidence(), rf.iouEstimate()));
            }
        }
        return out;
    }

    /** Mean over concepts of Σintersection/Σunion over the concept's present scenes (PerSeg's mIoU). */
    static double meanIou(List<Outcome> outcomes) {
        List<String> concepts = outcomes.stream().map(Outcome::concept).distinct().toList();
        double sum = 0;
        for (String c : concepts) {
            long i = 0, u = 0;
            for (Outcome o : outcomes) {
                if (o.concept().equals(c) && o.present()) {
                    i += o.intersection();
                    u += o.union();
                }
            }
            sum += u == 0 ? 1 : i / (double) u;
        }
        return sum / concepts.size();
    }

    /** PerSAM-F's mIoU over the same scenes (a found=false result counts with its empty mask). */
    static double meanIouFineTuned(List<Outcome> outcomes) {
        List<String> concepts = outcomes.stream().map(Outcome::concept).distinct().toList();
        double sum = 0;
        for (String c : concepts) {
            sum += outcomes.stream().filter(o -> o.concept().equals(c) && o.present()).mapToDouble(Outcome::iouF).average().orElse(1);
        }
        return sum / concepts.size();
    }

    static double falsePositiveRate(List<Outcome> outcomes) {
        long absent = outcomes.stream().filter(o -> !o.present()).count();
        long fp = outcomes.stream().filter(o -> !o.present() && o.found()).count();
        return absent == 0 ? 0 : fp / (double) absent;
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        for (Outcome o : outcomes) {
            sb.append(String.format(Locale.ROOT, "%-64s found=%-5s score=%.3f (peak %.3f, est %.3f) IoU=%.3f | PerSAM-F score=%.3f (est %.3f) IoU=%.3f%n",
                    o.scene(), o.found(), o.score(), o.peak(), o.iouEstimate(), o.iou(), o.scoreF(), o.iouEstimateF(), o.iouF()));
        }
        return sb.toString();
    }
}
