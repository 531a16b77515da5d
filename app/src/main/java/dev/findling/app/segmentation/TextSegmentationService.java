package dev.findling.app.segmentation;

import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.WorkingResolution;
import dev.findling.models.image.RgbImage;
import dev.findling.semantic.ClassQuery;
import dev.findling.semantic.SegmentationMode;
import dev.findling.semantic.SemanticSegmentation;
import dev.findling.semantic.SemanticSegmenter;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One text query on one uploaded image, for the API and the page alike: check the request, decode the image,
 * run the active pack's {@link SemanticSegmenter}, keep the result for its links and describe it. The algorithm is
 * all in the semantic module; this class only moves bytes and names.
 */
@Service
public class TextSegmentationService {
    private final ActiveSegmenter segmenter;
    private final SegmentationResultStore store;

    public TextSegmentationService(ActiveSegmenter segmenter, SegmentationResultStore store) {
        this.segmenter = segmenter;
        this.store = store;
    }

    /**
     * @param imageBytes the encoded image (JPEG, PNG, BMP, GIF, WebP)
     * @param classes    comma-separated class names, e.g. "red, blue"
     * @param mode       {@code coarse} or {@code refined} (any case); null or blank means refined
     * @throws IllegalArgumentException   no class named, too many classes, a class too long for the text encoder, bad mode (400)
     * @throws dev.findling.models.image.ImageDecodeException not an image (415), too large (413), damaged (422)
     * @throws TextSegmentationUnavailableException           the pack cannot segment from text (503)
     */
    public StoredSegmentation segment(byte[] imageBytes, String classes, String mode) {
        long start = System.nanoTime();
        ClassQuery query = ClassQuery.parse(classes);
        SegmentationMode parsedMode = parseMode(mode);
        SemanticSegmenter active = segmenter.require();
        ModelPack pack = segmenter.pack();

        long decodeStart = System.nanoTime();
        RgbImage image = ImageDecoder.read(imageBytes, ImageLimits.DEFAULT, WorkingResolution.SAM);
        Duration decode = Duration.ofNanos(System.nanoTime() - decodeStart);

        SemanticSegmentation result = active.segment(image, query, parsedMode);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        String id = store.newId();
        Instant created = store.now();
        TextSegmentationReport report = TextSegmentationReport.of(id, pack, result, decode, total,
                created.plus(store.timeToLive()));
        StoredSegmentation stored = new StoredSegmentation(report, image, result.labels(), created);
        store.put(stored);
        return stored;
    }

    /** @throws dev.findling.app.system.NotFoundException for an unknown or expired id (404) */
    public StoredSegmentation result(String id) {
        return store.require(id);
    }

    /** {@code coarse} or {@code refined}, any case; null or blank is refined, the better of the two. */
    public static SegmentationMode parseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return SegmentationMode.REFINED;
        }
        try {
            return SegmentationMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be 'coarse' or 'refined' but is '" + mode.strip() + "'");
        }
    }
}
