package dev.findling.personalize.cleaning;

import dev.findling.jobs.JobCancelledException;
import dev.findling.jobs.JobContext;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.OutputNames;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Cleans a DreamBooth-style training set with PerSAM: for every image, find the concept; keep the image
 * when exactly one instance covers enough of the frame, and write what training tools take — the mask,
 * an RGBA cut-out, the cut-out on white, a crop around the subject, a kohya-ss masked-loss mask and the
 * original file — see {@link OutputLayout}. Every input gets a manifest entry with the decision and why
 * ({@link RejectionReason}). A file that cannot be decoded is rejected as {@code unreadable}; it never
 * stops the run.
 *
 * <p>Ambiguity: PerSAM runs with two instances allowed; when a second instance passes the presence
 * threshold the image shows the subject more than once (or something PerSAM cannot tell from it) and is
 * rejected — a training image must show one subject.
 *
 * <p>A run is a job of the one job lifecycle ({@code models/jobs}): it reports progress per image through its
 * {@link JobContext} and checkpoints before each image, so it can be paused (the manifest of the images done so
 * far is written first) and cancelled there.
 *
 * <p>Thread-safe as {@link PerSam} is; one run writes one output folder.
 */
public final class DatasetCleaner {
    private final PerSam perSam;
    private final CleaningOptions options;

    /**
     * @param perSam  PerSAM over the pack the concepts were made with; its presence threshold and fine-tuning
     *                setting apply, its instance count is set here
     * @param options the cleaning rules
     */
    public DatasetCleaner(PerSam perSam, CleaningOptions options) {
        Objects.requireNonNull(perSam, "perSam");
        this.options = Objects.requireNonNull(options, "options");
        this.perSam = perSam.withOptions(perSam.options().withMaxInstances(options.rejectAmbiguous() ? 2 : 1));
    }

    public CleaningOptions options() {
        return options;
    }

    /** {@link #clean(Concept, List, Path, JobContext, CleaningListener)} outside any job: it runs to its end. */
    public CleaningReport clean(Concept concept, List<TrainingImage> images, Path outputDir, CleaningListener listener) {
        return clean(concept, images, outputDir, UNCONTROLLED, listener);
    }

    /**
     * Decides every image and writes the cleaned set into {@code outputDir}.
     *
     * @param outputDir created when missing; must be empty or hold an earlier cleaning run (its
     *                  {@code manifest.json}), whose files are then replaced
     * @param job       the run's job: progress (images), a message per rejected image, pause and cancel before
     *                  each image
     * @param listener  hears each image's start and decision (may be null)
     * @throws ConceptPackMismatchException when the concept was made with another pack
     * @throws IllegalArgumentException     when {@code outputDir} holds other files
     * @throws JobCancelledException        when the job was cancelled; the manifest of the images done so far is
     *                                      written
     */
    public CleaningReport clean(Concept concept, List<TrainingImage> images, Path outputDir, JobContext job,
                                CleaningListener listener) {
        Objects.requireNonNull(concept, "concept");
        Objects.requireNonNull(job, "job");
        perSam.requireSamePack(concept);
        CleaningListener l = listener == null ? CleaningListener.NONE : listener;
        try {
            prepareOutput(outputDir);
            for (String folder : OutputLayout.FOLDERS) {
                Files.createDirectories(outputDir.resolve(folder));
            }
            List<CleaningRecord> records = new ArrayList<>(images.size());
            OutputNames names = new OutputNames();
            int total = images.size();
            job.progress(0, total, null);
            for (int i = 0; i < total; i++) {
                TrainingImage image = images.get(i);
                try {
                    job.checkpoint(() -> writeManifest(outputDir, records));
                } catch (JobCancelledException e) {
                    CleaningManifest.write(outputDir, records);
                    throw e;
                }
                job.progress(i, total, image.file());
                l.starting(i, total, image);
                CleaningRecord record = cleanOne(concept, image, outputDir, names);
                records.add(record);
                job.progress(i + 1, total, record.file());
                if (!record.kept()) {
                    job.message(record.file() + ": " + record.reasonCode());
                }
                l.finished(i, total, record);
            }
            CleaningManifest.write(outputDir, records);
            return new CleaningReport(outputDir, records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cleaned set to " + outputDir + ": " + e.getMessage(), e);
        }
    }

    private static void writeManifest(Path outputDir, List<CleaningRecord> records) {
        try {
            CleaningManifest.write(outputDir, records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest to " + outputDir + ": " + e.getMessage(), e);
        }
    }

    /** A run nobody controls: progress goes nowhere, checkpoints never hold it. */
    private static final JobContext UNCONTROLLED = new JobContext() {
        @Override
        public String jobId() {
            return "cleaning";
        }

        @Override
        public void progress(long done, long total, String currentItem) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public void checkpoint(Runnable beforePause) {
        }

        @Override
        public boolean cancelRequested() {
            return false;
        }
    };

    private CleaningRecord cleanOne(Concept concept, TrainingImage input, Path out, OutputNames names) throws IOException {
        RgbImage image;
        try {
            image = ImageDecoder.read(input.path(), options.imageLimits());
        } catch (ImageDecodeException | UncheckedIOException e) {
            return new CleaningRecord(input.file(), null, false, Optional.of(RejectionReason.UNREADABLE), 0,
                    Optional.empty(), 0, 0, 0, 0, messageOf(e));
        }
        String outputName = names.unique(input.fileName());
        PerSamResult r = perSam.segment(concept, image);
        int w = image.width();
        int h = image.height();
        if (!r.found()) {
            return new CleaningRecord(input.file(), outputName, false, Optional.of(RejectionReason.ABSENT), r.score(),
                    Optional.empty(), 0, 0, w, h, null);
        }
        if (options.rejectAmbiguous() && r.instances().size() > 1) {
            return new CleaningRecord(input.file(), outputName, false, Optional.of(RejectionReason.AMBIGUOUS), r.score(),
                    r.box(), r.mask().areaRatio(), r.instances().size(), w, h, null);
        }
        PerSamResult.Instance subject = r.instances().get(0);
        BinaryMask mask = subject.mask();
        double area = mask.areaRatio();
        if (area < options.minAreaRatio()) {
            return new CleaningRecord(input.file(), outputName, false, Optional.of(RejectionReason.TOO_SMALL), r.score(),
                    Optional.of(subject.box()), area, 1, w, h, null);
        }
        CleaningRecord kept = new CleaningRecord(input.file(), outputName, true, Optional.empty(), r.score(),
                Optional.of(subject.box()), area, 1, w, h, null);
        writeOutputs(kept, input, image, mask, out);
        return kept;
    }

    private void writeOutputs(CleaningRecord r, TrainingImage input, RgbImage image, BinaryMask mask, Path out) throws IOException {
        Files.copy(input.path(), resolve(out, OutputLayout.Kind.IMAGE, r), StandardCopyOption.REPLACE_EXISTING);
        copyCaptions(input.path(), out.resolve(OutputLayout.Kind.IMAGE.folder()), r.outputStem());
        Files.write(resolve(out, OutputLayout.Kind.MASK, r), MaskImages.toPng(mask));
        Files.write(resolve(out, OutputLayout.Kind.CUTOUT, r), Cutouts.rgbaPng(image, mask));
        Files.write(resolve(out, OutputLayout.Kind.ON_WHITE, r), Cutouts.onWhitePng(image, mask));
        PixelBox crop = Cutouts.cropBox(mask, options.cropMargin(), options.squareCrops()).orElseThrow();
        Files.write(resolve(out, OutputLayout.Kind.CROP, r), PngWriter.rgb(Cutouts.crop(image, crop)));
        Files.write(resolve(out, OutputLayout.Kind.MASKED_LOSS, r), maskedLossPng(mask));
    }

    /** The mask as an RGB PNG with R = G = B = 255 on the subject and 0 elsewhere (kohya reads R). */
    static byte[] maskedLossPng(BinaryMask mask) {
        byte[] bits = mask.toBytes();
        byte[] rgb = new byte[bits.length * 3];
        for (int i = 0, o = 0; i < bits.length; i++, o += 3) {
            if (bits[i] != 0) {
                rgb[o] = rgb[o + 1] = rgb[o + 2] = (byte) 0xFF;
            }
        }
        return PngWriter.write(mask.width(), mask.height(), 3, rgb, 6);
    }

    /** DreamBooth captions beside an image ({@code <stem>.txt}, {@code <stem>.caption}) travel with it. */
    private static void copyCaptions(Path image, Path imagesDir, String outputStem) throws IOException {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        for (String ext : List.of(".txt", ".caption")) {
            Path caption = image.resolveSibling(stem + ext);
            if (Files.isRegularFile(caption)) {
                Files.copy(caption, imagesDir.resolve(outputStem + ext), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path resolve(Path out, OutputLayout.Kind kind, CleaningRecord r) {
        return out.resolve(OutputLayout.relativePath(kind, r));
    }

    private static void prepareOutput(Path outputDir) throws IOException {
        if (!Files.exists(outputDir)) {
            Files.createDirectories(outputDir);
            return;
        }
        if (!Files.isDirectory(outputDir)) {
            throw new IllegalArgumentException("the output " + outputDir + " is a file, not a folder");
        }
        boolean empty;
        try (Stream<Path> s = Files.list(outputDir)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) {
            return;
        }
        if (!Files.isRegularFile(outputDir.resolve(CleaningManifest.JSON_FILE))) {
            throw new IllegalArgumentException("the output folder " + outputDir + " is not empty and holds no earlier "
                    + "cleaning run (" + CleaningManifest.JSON_FILE + "); choose an empty or new folder");
        }
        // An earlier run's output: replace exactly what a run writes, nothing else.
        for (String folder : OutputLayout.FOLDERS) {
            deleteTree(outputDir.resolve(folder));
        }
        Files.deleteIfExists(outputDir.resolve(CleaningManifest.JSON_FILE));
        Files.deleteIfExists(outputDir.resolve(CleaningManifest.CSV_FILE));
    }

    /**
     * Zips an output folder (manifests first, then the folders in {@link OutputLayout#FOLDERS} order, files
     * sorted), with '/'-separated entry names relative to the folder.
     */
    public static void zip(Path outputDir, Path zipFile) {
        try {
            Path parent = zipFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = zipFile.resolveSibling(zipFile.getFileName() + ".part");
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                for (String manifest : List.of(CleaningManifest.JSON_FILE, CleaningManifest.CSV_FILE)) {
                    Path f = outputDir.resolve(manifest);
                    if (Files.isRegularFile(f)) {
                        add(zip, manifest, f);
                    }
                }
                for (String folder : OutputLayout.FOLDERS) {
                    Path dir = outputDir.resolve(folder);
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(folder + "/"));
                    zip.closeEntry();
                    try (Stream<Path> s = Files.list(dir)) {
                        for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                            add(zip, folder + "/" + f.getFileName(), f);
                        }
                    }
                }
            }
            Files.move(tmp, zipFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip " + outputDir + " into " + zipFile + ": " + e.getMessage(), e);
        }
    }

    private static void add(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replace('\n', ' ');
    }
}
