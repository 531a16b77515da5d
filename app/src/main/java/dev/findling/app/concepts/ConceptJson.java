package dev.findling.app.concepts;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.PointPrompt;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSamResult;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the concepts API (records, so springdoc documents them as they are). */
public final class ConceptJson {
    private ConceptJson() {
    }

    @Schema(description = "A personalised concept: what PerSAM learned from one reference image and its mask")
    public record ConceptView(
            @Schema(description = "Stable id", example = "3f1c0a52-8a4e-4d43-9a57-1c2d1c6f8f0e") String id,
            @Schema(example = "Rex") String name,
            @Schema(description = "The model pack whose encoder made the concept; it only works with that pack")
            String packId,
            @Schema(description = "Whether PerSAM-F's two mixing weights were fitted on the reference") boolean fineTuned,
            @Schema(description = "PerSAM-F weights (null unless fine-tuned)") Weights weights,
            Instant createdAt,
            @Schema(description = "Reference image width in pixels") int referenceWidth,
            @Schema(description = "Reference image height in pixels") int referenceHeight,
            @Schema(description = "self, reference (thumbnail PNG), mask (PNG), segment (POST), page (HTML)")
            Map<String, String> links) {

        static ConceptView of(Concept c, String contextPath) {
            String api = contextPath + "/api/concepts/" + c.id();
            Map<String, String> links = new LinkedHashMap<>();
            links.put("self", api);
            links.put("reference", api + "/reference.png");
            links.put("mask", api + "/mask.png");
            links.put("segment", api + "/segment");
            links.put("page", contextPath + "/concepts/" + c.id());
            Weights w = c.fineTuneWeights().map(m -> new Weights(m.w0(), m.w1(), m.w2())).orElse(null);
            return new ConceptView(c.id(), c.name(), c.packId(), c.fineTuneWeights().isPresent(), w, c.createdAt(),
                    c.referenceMask().width(), c.referenceMask().height(), links);
        }
    }

    @Schema(description = "PerSAM-F mixing weights: mask = w0·m1 + w1·m2 + w2·m3 over SAM's three multimask logit maps")
    public record Weights(double w0, double w1, double w2) {
    }

    @Schema(description = "Axis-aligned box in original-image pixels; x0, y0 inclusive, x1, y1 exclusive")
    public record Box(int x0, int y0, int x1, int y1) {
        static Box of(PixelBox b) {
            return b == null ? null : new Box(b.x0(), b.y0(), b.x1(), b.y1());
        }
    }

    @Schema(description = "COCO run-length encoding as pycocotools and SA-1B store it: size [height, width], counts "
            + "column-major, starting with a run of 0s")
    public record Rle(@Schema(example = "[480, 640]") int[] size, List<Long> counts) {
        static Rle of(BinaryMask mask) {
            CocoRle rle = CocoRle.encode(mask);
            return new Rle(new int[]{rle.height(), rle.width()}, rle.counts());
        }
    }

    @Schema(description = "A point prompt in original-image pixels")
    public record Point(float x, float y,
                        @Schema(description = "true: on the object (SAM label 1); false: background (label 0). Default true")
                        Boolean positive) {
        public Point {
            positive = positive == null ? Boolean.TRUE : positive;
        }

        static Point of(PointPrompt p) {
            return new Point(p.x(), p.y(), p.positive());
        }

        PointPrompt toPrompt() {
            return new PointPrompt(x, y, positive);
        }
    }

    @Schema(description = "One accepted instance of the concept")
    public record Instance(double score, Box box, Rle rle, float peakConfidence, float iouEstimate, List<Point> points) {
    }

    @Schema(description = "Where the time went, in milliseconds")
    public record Timings(long decodeMillis, long encodeMillis, double confidenceMapMillis, List<Double> decoderPassMillis,
                   double postProcessingMillis, long totalMillis) {
    }

    @Schema(description = "What PerSAM found in one image")
    public record SegmentationView(
            String conceptId,
            @Schema(description = "Id of the kept PNGs (the links work while the result is among the recent ones)")
            String resultId,
            @Schema(description = "True when at least one instance scored at or above the presence threshold")
            boolean found,
            @Schema(description = "Presence score of the best candidate in [0, 1], also when not found")
            double score,
            double presenceThreshold,
            @Schema(description = "Box of all found instances (null when not found)") Box box,
            @Schema(description = "Union of the found instances (null when not found)") Rle rle,
            List<Instance> instances,
            @Schema(description = "The point priors of the first candidate: positive first, then negative")
            List<Point> points,
            @Schema(description = "Whether target-guided attention and target-semantic prompting reached the decoder")
            boolean guidanceApplied,
            @Schema(description = "Whether PerSAM-F's weights were used") boolean fineTuned,
            float peakConfidence,
            float iouEstimate,
            int width,
            int height,
            Timings timings,
            @Schema(description = "mask (0/255 PNG), overlay (PNG) and, when found, cutout (RGBA PNG)")
            Map<String, String> links) {

        static SegmentationView of(ConceptService.Segmentation s, String contextPath) {
            PerSamResult r = s.result();
            String base = contextPath + "/api/concepts/" + s.concept().id() + "/results/" + s.resultId() + "/";
            Map<String, String> links = new LinkedHashMap<>();
            links.put("mask", base + SegmentationResults.MASK);
            links.put("overlay", base + SegmentationResults.OVERLAY);
            if (r.found()) {
                links.put("cutout", base + SegmentationResults.CUTOUT);
            }
            List<Instance> instances = r.instances().stream()
                    .map(i -> new Instance(i.score(), Box.of(i.box()), Rle.of(i.mask()), i.peakConfidence(),
                            i.iouEstimate(), i.prompts().stream().map(Point::of).toList()))
                    .toList();
            PerSamResult.StageTimings t = r.timings();
            Timings timings = new Timings(s.decodeMillis(), s.encodeMillis(), millis(t.confidenceMapNanos()),
                    t.decoderPassNanos().stream().map(ConceptJson::millis).toList(), millis(t.postProcessingNanos()),
                    s.totalMillis());
            return new SegmentationView(s.concept().id(), s.resultId(), r.found(), r.score(), s.presenceThreshold(),
                    r.box().map(Box::of).orElse(null), r.found() ? Rle.of(r.mask()) : null, instances,
                    r.prompts().stream().map(Point::of).toList(), r.guidanceApplied(), r.fineTuned(),
                    r.peakConfidence(), r.iouEstimate(), s.width(), s.height(), timings, links);
        }
    }

    static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
