package dev.findling.personalize.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * PerSeg-style evaluation of PerSAM and PerSAM-F (the app's {@code eval-perseg DIR}).
 *
 * <p>Per concept: the reference (image 00) makes a fine-tuned concept; every other image is
 * segmented with PerSAM (training-free) and PerSAM-F from the same cached embedding. As in the
 * authors' {@code eval_mioU.py}, a concept's IoU is Σintersection / Σunion over its test images and
 * mIoU the mean over concepts; boundary IoU (Cheng et al., band width 2 % of the diagonal) is
 * aggregated the same way. PerSeg measures segmentation of an object that is always there, so the
 * predicted mask is scored whether or not it passed the presence threshold (the authors always
 * output a mask); how many passed is reported separately.
 */
public final class PerSegEvaluation {
    /** One method's aggregate over a concept's test images. */
    public record MethodScore(double iou, double boundaryIou, long intersection, long union,
                              long boundaryIntersection, long boundaryUnion, int detected) {
    }

    /** Per test image, for diagnosis. */
    public record ImageScore(String stem, double persamIou, double persamFIou, double persamScore, double persamFScore) {
    }

    public record ConceptResult(String concept, int testImages, MethodScore persam, MethodScore persamF,
                                double fineTuneW1, double fineTuneW2, List<ImageScore> images) {
        public ConceptResult {
            images = List.copyOf(images);
        }
    }

    /**
     * @param mIoU          PerSAM mean over concepts of per-concept IoU
     * @param mBoundaryIoU  PerSAM mean boundary IoU
     * @param mIoUF         PerSAM-F mIoU
     * @param mBoundaryIoUF PerSAM-F mean boundary IoU
     */
    public record Report(String dataset, String packId, String packLabel, double presenceThreshold,
                         List<ConceptResult> concepts, double mIoU, double mBoundaryIoU, double mIoUF,
                         double mBoundaryIoUF, long elapsedMillis) {
        public Report {
            concepts = List.copyOf(concepts);
        }
    }

    private PerSegEvaluation() {
    }

    /**
     * Evaluates every concept of the folder.
     *
     * @param perSam    a PerSam whose presence threshold is the one to report detections against
     * @param encoder   the image encoder to embed each image once (usually {@code pack.imageEncoder()::encode})
     * @param packLabel shown in the report (e.g. the pack's display label)
     * @param progress  receives one line per concept
     */
    public static Report evaluate(Path dir, PerSam perSam, Function<RgbImage, ImageEmbedding> encoder, String packLabel,
                                  Consumer<String> progress) {
        long start = System.nanoTime();
        PerSegDataset data = PerSegDataset.open(dir);
        PerSam persam = perSam.withOptions(perSam.options().withFineTuning(false).withPresenceThreshold(0).withMaxInstances(1));
        PerSam persamF = perSam.withOptions(perSam.options().withFineTuning(true).withPresenceThreshold(0).withMaxInstances(1));
        double threshold = perSam.options().presenceThreshold();
        List<ConceptResult> results = new ArrayList<>();
        for (PerSegDataset.ConceptFolder c : data.concepts()) {
            RgbImage refImage = ImageDecoder.read(c.reference().image(), ImageLimits.DEFAULT);
            BinaryMask refMask = readMask(c.reference().mask(), refImage);
            Concept concept = perSam.createConcept(c.name(), refImage, refMask, encoder.apply(refImage), true);
            Accumulator a = new Accumulator();
            Accumulator f = new Accumulator();
            List<ImageScore> images = new ArrayList<>();
            for (PerSegDataset.ImagePair p : c.tests()) {
                RgbImage img = ImageDecoder.read(p.image(), ImageLimits.DEFAULT);
                BinaryMask gt = readMask(p.mask(), img);
                ImageEmbedding emb = encoder.apply(img);
                PerSamResult r = persam.segment(concept, emb);
                PerSamResult rf = persamF.segment(concept, emb);
                double iouA = a.add(gt, r, threshold);
                double iouF = f.add(gt, rf, threshold);
                images.add(new ImageScore(p.stem(), iouA, iouF, r.score(), rf.score()));
            }
            var w = concept.fineTuneWeights().orElseThrow();
            ConceptResult cr = new ConceptResult(c.name(), c.tests().size(), a.score(), f.score(), w.w1(), w.w2(), images);
            results.add(cr);
            if (progress != null) {
                progress.accept(String.format(Locale.ROOT, "%s: PerSAM IoU %.1f, PerSAM-F IoU %.1f (%d test images)",
                        c.name(), 100 * cr.persam().iou(), 100 * cr.persamF().iou(), cr.testImages()));
            }
        }
        double m = 0, mb = 0, mf = 0, mbf = 0;
        for (ConceptResult r : results) {
            m += r.persam().iou();
            mb += r.persam().boundaryIou();
            mf += r.persamF().iou();
            mbf += r.persamF().boundaryIou();
        }
        int n = results.size();
        return new Report(dir.toString(), perSam.packId(), packLabel, threshold, results, m / n, mb / n, mf / n, mbf / n,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static BinaryMask readMask(Path file, RgbImage image) {
        BinaryMask m = dev.findling.models.image.MaskImages.read(file, ImageLimits.DEFAULT);
        if (m.width() != image.width() || m.height() != image.height()) {
            throw new IllegalArgumentException(file + ": mask is " + m.width() + "×" + m.height()
                    + " but the image is " + image.width() + "×" + image.height());
        }
        return m;
    }

    private static final class Accumulator {
        long inter, union, bInter, bUnion;
        int detected;

        double add(BinaryMask gt, PerSamResult r, double threshold) {
            long i = gt.intersectionArea(r.mask());
            long u = gt.unionArea(r.mask());
            long[] b = BoundaryIou.intersectionAndUnion(gt, r.mask(), BoundaryIou.DILATION_RATIO);
            inter += i;
            union += u;
            bInter += b[0];
            bUnion += b[1];
            if (r.found() && r.score() >= threshold) {
                detected++;
            }
            return u == 0 ? 1 : i / (double) u;
        }

        MethodScore score() {
            return new MethodScore(union == 0 ? 1 : inter / (double) union, bUnion == 0 ? 1 : bInter / (double) bUnion,
                    inter, union, bInter, bUnion, detected);
        }
    }

    /** The report as JSON (pretty-printed). */
    public static String toJson(Report report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeJson(Report report, Path file) {
        try {
            Files.writeString(file, toJson(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A plain-text table: one row per concept, then the means. */
    public static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("PerSeg evaluation of ").append(r.dataset()).append('\n');
        sb.append("pack: ").append(r.packId());
        if (r.packLabel() != null && !r.packLabel().isBlank()) {
            sb.append(" (").append(r.packLabel()).append(')');
        }
        sb.append('\n');
        int nameWidth = "concept".length();
        for (ConceptResult c : r.concepts()) {
            nameWidth = Math.max(nameWidth, c.concept().length());
        }
        String fmt = "%-" + nameWidth + "s  %5s  %8s  %8s  %10s  %10s  %9s%n";
        sb.append(String.format(Locale.ROOT, fmt, "concept", "tests", "IoU", "bIoU", "IoU (F)", "bIoU (F)", "detected"));
        for (ConceptResult c : r.concepts()) {
            sb.append(String.format(Locale.ROOT, fmt, c.concept(), c.testImages(), pct(c.persam().iou()),
                    pct(c.persam().boundaryIou()), pct(c.persamF().iou()), pct(c.persamF().boundaryIou()),
                    c.persam().detected() + "/" + c.testImages()));
        }
        sb.append(String.format(Locale.ROOT, fmt, "mean", "", pct(r.mIoU()), pct(r.mBoundaryIoU()), pct(r.mIoUF()),
                pct(r.mBoundaryIoUF()), ""));
        sb.append(String.format(Locale.ROOT, "IoU = Σintersection/Σunion per concept (PerSeg); bIoU: boundary IoU, band 2%% "
                + "of the diagonal; (F) = PerSAM-F; detected = PerSAM results at or above the presence threshold %.2f%n",
                r.presenceThreshold()));
        return sb.toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
