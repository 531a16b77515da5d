package dev.findling.personalize.find;

import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.OutputNames;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds one concept in a set of images and writes what it found: the use case behind {@code find} over files and
 * over a library root. Per image where the concept is found it writes {@link FoundFiles}; where it is absent it
 * writes nothing and removes what an earlier run into the same folder left under that name; at the end
 * {@code summary.json} lists every image ({@link FindSummary}). An image that cannot be read or segmented is
 * reported and never costs the results of the others.
 *
 * <p>One run, one output folder, one thread.
 */
public final class ConceptFind {
    public static final String SUMMARY = "summary.json";

    /**
     * The example the concept is made from.
     *
     * @param image    the reference image file
     * @param mask     the object's mask in it (same size)
     * @param fineTune also fit PerSAM-F's mixing weights
     */
    public record Reference(Path image, Path mask, boolean fineTune) {
    }

    /** Decodes one image for {@link #inImage}; the library reads its files with its own limits. */
    @FunctionalInterface
    public interface ImageSource {
        RgbImage decode() throws IOException;
    }

    private final PerSam perSam;
    private final Reference reference;
    private final Concept concept;
    private final long conceptMillis;
    private final Path out;
    private final OutputNames names = new OutputNames();
    private final List<FoundImage> images = new ArrayList<>();

    private ConceptFind(PerSam perSam, Reference reference, Concept concept, long conceptMillis, Path out) {
        this.perSam = perSam;
        this.reference = reference;
        this.concept = concept;
        this.conceptMillis = conceptMillis;
        this.out = out;
    }

    /**
     * Reads the reference, makes the concept and creates the output folder.
     *
     * @param perSam PerSAM with the run's options (instances, presence threshold)
     * @throws dev.findling.models.image.ImageDecodeException    when the reference or its mask cannot be read
     * @throws dev.findling.personalize.InvalidReferenceException when the mask is empty or of another size
     */
    public static ConceptFind start(PerSam perSam, Reference reference, Path out) throws IOException {
        Objects.requireNonNull(perSam, "perSam");
        RgbImage image = ImageDecoder.read(reference.image(), ImageLimits.DEFAULT);
        BinaryMask mask = MaskImages.read(reference.mask(), ImageLimits.DEFAULT);
        long start = System.nanoTime();
        String name = OutputNames.stem(reference.image().getFileName().toString());
        Concept concept = perSam.createConcept(name, image, mask, reference.fineTune());
        long conceptMillis = millis(System.nanoTime() - start);
        Files.createDirectories(out);
        return new ConceptFind(perSam, reference, concept, conceptMillis, out);
    }

    public Concept concept() {
        return concept;
    }

    /** How long making the concept took (the encoder on the reference, and PerSAM-F's fit when asked for). */
    public long conceptMillis() {
        return conceptMillis;
    }

    public PerSam perSam() {
        return perSam;
    }

    public Path out() {
        return out;
    }

    /** Decodes, encodes and searches one image file. */
    public FoundImage inFile(Path file) {
        return find(file.toString(), null, file.getFileName().toString(),
                () -> ImageDecoder.read(file, ImageLimits.DEFAULT), image -> perSam.segment(concept, image));
    }

    /**
     * Writes the results for an image PerSAM already searched (a library hit, whose embedding was cached): the
     * image is decoded only for its cut-out.
     *
     * @param file    the name to report (its file name gives the output stem)
     * @param imageId the library's id of the image
     * @param result  PerSAM's answer for this concept with this run's options (asked for after the decode, so that
     *                a failure of either is this image's error)
     */
    public FoundImage inImage(String file, String imageId, ImageSource source, Supplier<PerSamResult> result) {
        return find(file, imageId, Path.of(file).getFileName().toString(), source, image -> result.get());
    }

    private FoundImage find(String file, String imageId, String fileName, ImageSource source,
                            Function<RgbImage, PerSamResult> segment) {
        long start = System.nanoTime();
        FoundImage found;
        try {
            RgbImage image = source.decode();
            long decoded = System.nanoTime();
            PerSamResult r = segment.apply(image);
            String stem = names.uniqueStem(fileName);
            Optional<FoundFiles> files;
            if (r.found()) {
                files = Optional.of(FoundFiles.write(out, stem, image, r.mask()));
            } else {
                FoundFiles.delete(out, stem);
                files = Optional.empty();
            }
            FoundImage.Timings timings = new FoundImage.Timings(millis(decoded - start),
                    millis(r.timings().imageEncoderNanos()), millis(r.timings().segmentNanos()),
                    millis(System.nanoTime() - start));
            found = new FoundImage(file, imageId, image.width(), image.height(), r, timings, files, null);
        } catch (IOException | RuntimeException e) {
            // One unreadable or broken image must not cost the results of the others.
            found = new FoundImage(file, imageId, 0, 0, null,
                    new FoundImage.Timings(0, 0, 0, millis(System.nanoTime() - start)), Optional.empty(), oneLine(e));
        }
        images.add(found);
        return found;
    }

    /**
     * Writes {@code summary.json} and returns the run's counts.
     *
     * @param packLabel      the pack's display label, for the summary
     * @param extra          further top-level summary fields (e.g. the library searched), in order
     * @param otherFailures  inputs the caller could not even hand over (e.g. library files that failed to index)
     */
    public FindReport finish(String packLabel, Map<String, Object> extra, int otherFailures) throws IOException {
        int found = (int) images.stream().filter(FoundImage::found).count();
        int failed = (int) images.stream().filter(FoundImage::failed).count();
        Path summary = out.resolve(SUMMARY);
        FindSummary.write(summary, new FindSummary.Run(reference, perSam, concept, packLabel), extra, images,
                found, images.size() - found - failed, failed + otherFailures);
        return new FindReport(images, found, images.size() - found - failed, failed + otherFailures, summary);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replace('\n', ' ');
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
