package dev.findling.app.segmentation;

import dev.findling.models.ModelPack;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.mask.PixelBox;
import dev.findling.semantic.ClassSegment;
import dev.findling.semantic.SemanticSegmentation;
import dev.findling.semantic.StageTimings;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code POST /api/segment/text} answers, and what the page shows: one text query on one image.
 *
 * @param id        the result's id; its PNGs are under {@code /api/segment/text/{id}/…} until {@code expiresAt}
 * @param pack      the pack that computed it (the reference pack says it is classical, not learned)
 * @param mode      {@code coarse} or {@code refined}
 * @param query     the class names as understood from the request, in label order
 * @param image     the decoded image's size (after EXIF orientation); all pixel coordinates refer to it
 * @param classes   one entry per class, label 1 first
 * @param timings   milliseconds per stage
 * @param notes     facts about this result a user should know
 * @param links     the label map, the overlay and this report
 * @param expiresAt when the stored result (and so the links) may be gone
 */
@Schema(name = "TextSegmentation", description = "Open-vocabulary segmentation of one image by a comma-separated list of class names.")
public record TextSegmentationReport(String id, PackInfo pack, String mode, List<String> query, ImageSize image,
                                     List<ClassReport> classes, Timings timings, List<String> notes, Links links,
                                     Instant expiresAt) {

    /** Where a result's resources live. */
    public static final String API_BASE = "/api/segment/text/";

    /**
     * @param id           stable pack id
     * @param name         the pack's name
     * @param label        the pack's label, "reference (classical, not learned)" for the reference pack
     * @param displayLabel name and label as shown wherever the pack is named
     * @param reference    true for the generated reference pack
     */
    @Schema(name = "TextSegmentationPack")
    public record PackInfo(String id, String name, String label, String displayLabel, boolean reference) {
        static PackInfo of(ModelPack pack) {
            return new PackInfo(pack.id(), pack.manifest().name(), pack.manifest().label(), pack.displayLabel(), pack.isReference());
        }
    }

    @Schema(name = "ImageSize")
    public record ImageSize(int width, int height) {
    }

    /**
     * @param name               the class name as queried
     * @param label              its value in the label map (1-based; 0 is background)
     * @param found              whether any pixel got this class
     * @param score              mean class probability over the class's pixels (0–1); 0 when not found
     * @param area               pixels with this class
     * @param areaFraction       {@code area} / image pixels
     * @param box                tight box of the class's pixels; null when not found
     * @param rle                the mask in COCO RLE (uncompressed counts, column-major as pycocotools); null when not found
     * @param decoderIouEstimate the SAM decoder's IoU estimate for the chosen mask (refined mode); null otherwise
     * @param points             the positive prompt points (x, y in image pixels) the decoder got; empty in coarse mode
     * @param colour             the class's colour in the label map and overlay, CSS hex
     * @param colourName         that colour's name ("orange", "sky blue", …) for legends and alt texts
     * @param message            why the class was not found (not understood, nothing similar enough, …); null when found
     * @param maskUrl            the class's 0/255 mask PNG; null when not found
     */
    @Schema(name = "TextSegmentationClass")
    public record ClassReport(String name, int label, boolean found, double score, long area, double areaFraction, Box box,
                              Rle rle, Double decoderIouEstimate, List<Point> points, String colour, String colourName,
                              String message,
                              String maskUrl) {
        static ClassReport of(ClassSegment segment, String resultId) {
            BinaryMask mask = segment.mask();
            long pixels = (long) mask.width() * mask.height();
            boolean found = segment.found();
            Box box = mask.box().map(Box::of).orElse(null);
            Rle rle = found ? Rle.of(CocoRle.encode(mask)) : null;
            Double iou = Double.isNaN(segment.decoderIouEstimate()) ? null : round(segment.decoderIouEstimate(), 4);
            List<Point> points = segment.points().stream().map(p -> new Point(round(p.x(), 1), round(p.y(), 1))).toList();
            String maskUrl = found ? API_BASE + resultId + "/classes/" + segment.label() + "/mask.png" : null;
            return new ClassReport(segment.name(), segment.label(), found, round(segment.score(), 4), segment.area(),
                    round(pixels == 0 ? 0 : segment.area() / (double) pixels, 6), box, rle, iou, points,
                    LegendPalette.css(segment.label()), LegendPalette.name(segment.label()), segment.message(), maskUrl);
        }

        /** Area as a percentage, for tables. */
        public String areaPercent() {
            return String.format(Locale.ROOT, "%.2f", areaFraction * 100);
        }
    }

    /** A prompt point in image pixels. */
    @Schema(name = "ImagePoint")
    public record Point(double x, double y) {
    }

    /** x0, y0 inclusive; x1, y1 exclusive; image pixels. */
    @Schema(name = "PixelBox")
    public record Box(int x0, int y0, int x1, int y1, int width, int height) {
        static Box of(PixelBox b) {
            return new Box(b.x0(), b.y0(), b.x1(), b.y1(), b.width(), b.height());
        }
    }

    /** COCO RLE as pycocotools' uncompressed form: {@code {"size":[h,w],"counts":[…]}}, 0-runs first, column-major. */
    @Schema(name = "CocoRle")
    public record Rle(List<Integer> size, List<Long> counts) {
        static Rle of(CocoRle rle) {
            return new Rle(List.of(rle.height(), rle.width()), rle.counts());
        }

        public CocoRle toCocoRle() {
            return new CocoRle(size.get(0), size.get(1), counts);
        }
    }

    /**
     * Milliseconds per stage.
     *
     * @param decode         reading the uploaded image
     * @param textEmbedding  class embeddings (cached per class and pack after the first query)
     * @param imageEncoder   the SAM image encoder (0 in coarse mode)
     * @param denseHead      the dense encoder
     * @param similarity     per-patch similarity and coarse probabilities
     * @param decoderPerClass one SAM decoder run per class (refined mode)
     * @param postProcessing upsampling, per-pixel argmax, masks and scores
     * @param segmentation   the whole segmentation call
     * @param total          the whole request: decode and segmentation
     */
    @Schema(name = "TextSegmentationTimings")
    public record Timings(double decode, double textEmbedding, double imageEncoder, double denseHead, double similarity,
                          Map<String, Double> decoderPerClass, double postProcessing, double segmentation, double total) {
        static Timings of(Duration decode, StageTimings t, Duration total) {
            Map<String, Double> decoder = new LinkedHashMap<>();
            t.decoderPerClass().forEach((name, d) -> decoder.put(name, ms(d)));
            return new Timings(ms(decode), ms(t.textEmbedding()), ms(t.imageEncoder()), ms(t.denseHead()), ms(t.similarity()),
                    decoder, ms(t.postProcessing()), ms(t.total()), ms(total));
        }
    }

    /**
     * @param self    this report as JSON
     * @param labels  the label map: an RGBA PNG, each class in its colour, background transparent
     * @param overlay the image with each found class tinted and outlined in its colour
     */
    @Schema(name = "TextSegmentationLinks")
    public record Links(String self, String labels, String overlay) {
        static Links of(String id) {
            return new Links(API_BASE + id, API_BASE + id + "/labels.png", API_BASE + id + "/overlay.png");
        }
    }

    static TextSegmentationReport of(String id, ModelPack pack, SemanticSegmentation result, Duration decode, Duration total,
                                     Instant expiresAt) {
        List<ClassReport> classes = result.classes().stream().map(c -> ClassReport.of(c, id)).toList();
        return new TextSegmentationReport(id, PackInfo.of(pack), result.mode().name().toLowerCase(Locale.ROOT),
                result.labels().classNames(), new ImageSize(result.labels().width(), result.labels().height()), classes,
                Timings.of(decode, result.timings(), total), result.notes(), Links.of(id), expiresAt);
    }

    /** The class with a label, if any. */
    public java.util.Optional<ClassReport> classByLabel(int label) {
        return classes.stream().filter(c -> c.label() == label).findFirst();
    }

    public long foundCount() {
        return classes.stream().filter(ClassReport::found).count();
    }

    /**
     * A sentence for the overlay's alt text: which class is shown in which colour, and which were not found.
     *
     * @param imageName the uploaded file's name, or null
     */
    public String overlayDescription(String imageName) {
        StringBuilder sb = new StringBuilder(imageName == null || imageName.isBlank() ? "The image" : "“" + imageName + "”");
        sb.append(String.format(Locale.ROOT, " (%d×%d)", image.width(), image.height()));
        List<String> found = classes.stream().filter(ClassReport::found)
                .map(c -> String.format(Locale.ROOT, "%s in %s (%s %% of the image)", c.name(), c.colourName(), c.areaPercent()))
                .toList();
        List<String> missing = classes.stream().filter(c -> !c.found()).map(ClassReport::name).toList();
        sb.append(found.isEmpty() ? " with no class found" : " with " + String.join(", ", found) + " marked");
        if (!found.isEmpty() && !missing.isEmpty()) {
            sb.append("; not found: ").append(String.join(", ", missing));
        }
        return sb.append('.').toString();
    }

    static double ms(Duration d) {
        return round(d.toNanos() / 1e6, 1);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
