package dev.findling.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The patch–text cosines of a set of images for a list of classes, summarised per class: what a user needs to
 * choose {@link SegmentationSettings#backgroundSimilarity()} for a learned pack (a patch is labelled with a
 * class only when its cosine reaches that value). Run it on photos that show a class and on photos that do not:
 * a good threshold lies above the upper percentiles of the second and below those of the patches the class
 * covers in the first. See {@code models/docs/dense-clip.md}. Not thread-safe; one per report.
 */
public final class SimilarityDistribution {
    /**
     * One class's summary.
     *
     * @param className     as queried
     * @param understood    false when the text encoder has no embedding for it (then every statistic is NaN)
     * @param patches       patch cosines summarised (over all images)
     * @param percentiles   cosines at {@link #PERCENTILES}, in that order
     * @param meanImageMax  mean over the images of the image's highest cosine
     * @param aboveDefault  fraction of patches at or above the current threshold
     */
    public record ClassSummary(String className, boolean understood, long patches, float[] percentiles,
                               float meanImageMax, float aboveDefault) {
    }

    /** Percentiles reported, in percent. */
    public static final double[] PERCENTILES = {0, 5, 25, 50, 75, 95, 99, 100};

    private final List<String> classNames;
    private final float threshold;
    private final List<List<float[]>> perClass = new ArrayList<>();
    private int images;

    /** @param threshold the background similarity in force, reported as the fraction of patches reaching it */
    public SimilarityDistribution(List<String> classNames, float threshold) {
        this.classNames = List.copyOf(classNames);
        this.threshold = threshold;
        classNames.forEach(n -> perClass.add(new ArrayList<>()));
    }

    /** Adds one image's {@link SemanticSegmenter#patchCosines} result. */
    public void add(float[][] cosines) {
        if (cosines.length != classNames.size()) {
            throw new IllegalArgumentException("cosines for " + cosines.length + " classes but the report has " + classNames.size());
        }
        for (int k = 0; k < cosines.length; k++) {
            perClass.get(k).add(cosines[k].clone());
        }
        images++;
    }

    public int images() {
        return images;
    }

    public List<ClassSummary> summaries() {
        List<ClassSummary> out = new ArrayList<>();
        for (int k = 0; k < classNames.size(); k++) {
            List<float[]> perImage = perClass.get(k);
            int n = perImage.stream().mapToInt(a -> a.length).sum();
            float[] p = new float[PERCENTILES.length];
            if (n == 0) {
                Arrays.fill(p, Float.NaN);
                out.add(new ClassSummary(classNames.get(k), false, 0, p, Float.NaN, Float.NaN));
                continue;
            }
            float[] all = new float[n];
            int at = 0;
            double maxSum = 0;
            long above = 0;
            for (float[] image : perImage) {
                float max = Float.NEGATIVE_INFINITY;
                for (float v : image) {
                    all[at++] = v;
                    max = Math.max(max, v);
                    if (v >= threshold) {
                        above++;
                    }
                }
                maxSum += image.length == 0 ? 0 : max;
            }
            Arrays.sort(all);
            for (int i = 0; i < PERCENTILES.length; i++) {
                p[i] = percentile(all, PERCENTILES[i]);
            }
            out.add(new ClassSummary(classNames.get(k), true, n, p, (float) (maxSum / perImage.size()), above / (float) n));
        }
        return out;
    }

    /** Linear interpolation between the closest ranks (NumPy's default). */
    static float percentile(float[] sorted, double percent) {
        double rank = percent / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return (float) (sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo));
    }
}
