package dev.findling.app.concepts;

import dev.findling.app.packs.ActivePerSam;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.WorkingResolution;
import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * The concepts feature over personalize's {@link PerSam} and {@link ConceptStore}: decode uploads, call the core,
 * keep result PNGs. Shared by the REST API and the pages; holds no algorithm.
 */
@Service
public class ConceptService {
    /** The most instances one request may ask for; each costs three decoder passes. */
    public static final int MAX_INSTANCES_LIMIT = 20;

    private final ActivePerSam perSam;
    private final ConceptStore store;
    private final SegmentationResults results;
    private final PromptSegmentation prompts;

    public ConceptService(ActivePerSam perSam, ConceptStore store, SegmentationResults results, PromptSegmentation prompts) {
        this.perSam = perSam;
        this.store = store;
        this.results = results;
        this.prompts = prompts;
    }

    /**
     * A concept from an uploaded reference image and mask, saved.
     *
     * @throws dev.findling.personalize.EmptyMaskException        when the mask selects nothing
     * @throws dev.findling.personalize.MaskSizeMismatchException when the mask's size is not the image's
     * @throws dev.findling.models.image.ImageDecodeException     when either upload is not a readable image
     */
    public Concept create(String name, byte[] image, byte[] mask, boolean fineTune) {
        RgbImage reference = ImageDecoder.read(image, ImageLimits.DEFAULT);
        BinaryMask referenceMask = MaskImages.read(mask, ImageLimits.DEFAULT);
        Concept concept = perSam.require().createConcept(name, reference, referenceMask, fineTune);
        store.save(concept);
        return concept;
    }

    /** As {@link #create} for an image uploaded for click-to-segment: its embedding is reused, not recomputed. */
    public Concept createFromPromptImage(String name, String imageId, byte[] mask, boolean fineTune) {
        PromptSegmentation.PromptImage kept = prompts.image(imageId);
        BinaryMask referenceMask = MaskImages.read(mask, ImageLimits.DEFAULT);
        Concept concept = perSam.require().createConcept(name, kept.image(), referenceMask, kept.embedding(), fineTune);
        store.save(concept);
        return concept;
    }

    public List<Concept> list() {
        return store.list();
    }

    /** @throws dev.findling.personalize.ConceptNotFoundException when no concept has this id */
    public Concept get(String id) {
        return store.load(id);
    }

    /** @throws dev.findling.personalize.ConceptNotFoundException when no concept has this id */
    public void delete(String id) {
        store.delete(id);
    }

    /** A PNG of a recent segmentation, empty when it expired or never existed. */
    public java.util.Optional<java.nio.file.Path> resultFile(String resultId, String file) {
        return results.file(resultId, file);
    }

    /** One segmentation of an uploaded image, with the ids and times the API reports. */
    public record Segmentation(Concept concept, String resultId, int width, int height, PerSamResult result,
                               double presenceThreshold, long decodeMillis, long encodeMillis, long totalMillis) {
    }

    /**
     * Finds the concept in an uploaded image and keeps the mask, overlay and (when found) cut-out PNGs.
     *
     * @param maxInstances how many instances to look for (1 to {@link #MAX_INSTANCES_LIMIT})
     */
    public Segmentation segment(String conceptId, byte[] imageBytes, int maxInstances) {
        if (maxInstances < 1 || maxInstances > MAX_INSTANCES_LIMIT) {
            throw new IllegalArgumentException("maxInstances must be between 1 and " + MAX_INSTANCES_LIMIT
                    + " but is " + maxInstances);
        }
        long start = System.nanoTime();
        Concept concept = store.load(conceptId);
        PerSam base = perSam.require();
        base.requireSamePack(concept); // before the upload is decoded and encoded
        // A photo far larger than the encoder's frame is decoded as a reduced copy; the mask keeps the photo's size.
        RgbImage image = ImageDecoder.read(imageBytes, ImageLimits.DEFAULT, WorkingResolution.SAM);
        long decoded = System.nanoTime();
        PerSam ps = maxInstances == base.options().maxInstances() ? base
                : base.withOptions(base.options().withMaxInstances(maxInstances));
        PerSamResult result = ps.segment(concept, image);
        String resultId = results.store(image, result.mask(), result.found());
        long end = System.nanoTime();
        return new Segmentation(concept, resultId, image.sourceWidth(), image.sourceHeight(), result, ps.options().presenceThreshold(),
                (decoded - start) / 1_000_000, result.timings().imageEncoderNanos() / 1_000_000, (end - start) / 1_000_000);
    }
}
