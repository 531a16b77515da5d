package dev.findling.app.cleaning;

import dev.findling.app.FindlingProperties;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.app.jobs.JobContext;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobStatus;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.cleaning.ArchiveLimits;
import dev.findling.personalize.cleaning.CleaningListener;
import dev.findling.personalize.cleaning.CleaningOptions;
import dev.findling.personalize.cleaning.CleaningRecord;
import dev.findling.personalize.cleaning.CleaningReport;
import dev.findling.personalize.cleaning.DatasetCleaner;
import dev.findling.personalize.cleaning.RejectionReason;
import dev.findling.personalize.cleaning.TrainingImage;
import dev.findling.personalize.cleaning.TrainingImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Dataset cleaning as background jobs: stores the uploads in a work folder, runs personalize's
 * {@link DatasetCleaner} in the job registry (progress per image, pause and cancel between images), zips the
 * cleaned set, and keeps the run's files as long as the registry keeps the job.
 */
@Service
public class CleaningService {
    public static final String JOB_TYPE = "cleaning";
    /** Work folders of runs a crashed server left behind are removed after this long. */
    static final Duration STALE_WORK = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(CleaningService.class);

    /** An uploaded file: its name as the client sent it, and its bytes. */
    public interface Upload {
        String originalFilename();

        InputStream open() throws IOException;
    }

    /** Where the concept comes from: a stored concept, or a reference image and mask to learn one from. */
    public sealed interface ConceptSource {
        record Stored(String conceptId) implements ConceptSource {
        }

        record Reference(String name, byte[] image, byte[] mask, boolean fineTune) implements ConceptSource {
        }
    }

    private final ActivePerSam perSam;
    private final ConceptStore concepts;
    private final JobRegistry jobs;
    private final Path workRoot;
    private final Map<String, CleaningRun> runs = new ConcurrentHashMap<>();

    public CleaningService(ActivePerSam perSam, ConceptStore concepts, JobRegistry jobs, FindlingProperties properties) {
        this.perSam = perSam;
        this.concepts = concepts;
        this.jobs = jobs;
        this.workRoot = properties.dataDir().resolve("work").resolve("cleaning");
        removeStaleWork();
    }

    /**
     * Validates the request, stores the uploads and queues the job.
     *
     * @throws dev.findling.personalize.ConceptNotFoundException for an unknown concept id (404)
     * @throws IllegalArgumentException                         when no image was uploaded or an option is out of range
     * @throws dev.findling.personalize.cleaning.UnsafeArchiveException for a hostile zip
     */
    public JobStatus submit(ConceptSource source, List<? extends Upload> uploads, CleaningOptions options) {
        PreparedConcept prepared = prepare(source);
        Path work = workRoot.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(work.resolve("input"));
            int images = storeUploads(uploads, work.resolve("input"));
            if (images == 0) {
                throw new IllegalArgumentException("no images in the upload: send JPEG, PNG, BMP, GIF or WebP files, "
                        + "or a zip archive of them, as the multipart part 'images'");
            }
        } catch (IOException e) {
            deleteQuietly(work);
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(work);
            throw e;
        }
        String title = "Cleaning a training set for “" + prepared.name() + "”";
        String[] jobId = new String[1];
        JobStatus status = jobs.submit(JOB_TYPE, title, context -> run(context, prepared, options, work),
                () -> evicted(jobId[0], work));
        jobId[0] = status.id();
        runs.put(status.id(), new CleaningRun(status.id(), prepared.name(), options, work, Optional.empty()));
        return status;
    }

    /** A cleaning run by its job id, while the registry keeps the job. */
    public Optional<CleaningRun> run(String jobId) {
        return jobId == null ? Optional.empty() : Optional.ofNullable(runs.get(jobId));
    }

    private Object run(JobContext context, PreparedConcept prepared, CleaningOptions options, Path work) throws IOException {
        PerSam ps = perSam.require();
        Concept concept = prepared.concept();
        if (concept == null) {
            context.message("Learning the concept from the reference image" + (prepared.fineTune() ? " (PerSAM-F)" : ""));
            concept = ps.createConcept(prepared.name(), prepared.referenceImage(), prepared.referenceMask(), prepared.fineTune());
        }
        List<TrainingImage> images = TrainingImages.fromFolder(work.resolve("input"), true);
        context.progress(0, images.size(), null);
        context.message(images.size() + " images to check");
        CleaningReport report = new DatasetCleaner(ps, options).clean(concept, images, work.resolve("output"),
                new CleaningListener() {
                    @Override
                    public void starting(int index, int total, TrainingImage image) {
                        context.checkpoint();
                        context.progress(index, total, image.file());
                    }

                    @Override
                    public void finished(int index, int total, CleaningRecord record) {
                        context.progress(index + 1, total, record.file());
                        if (!record.kept()) {
                            context.message(record.file() + ": " + record.reasonCode());
                        }
                    }

                    @Override
                    public boolean cancelRequested() {
                        return context.cancelRequested();
                    }
                });
        DatasetCleaner.zip(work.resolve("output"), work.resolve("result.zip"));
        runs.computeIfPresent(context.jobId(), (id, r) -> r.withReport(report));
        context.message(report.keptCount() + " kept, " + report.rejectedCount() + " rejected");
        return summary(context.jobId(), report);
    }

    /** The job's result JSON: counts and where the files are. */
    static Map<String, Object> summary(String jobId, CleaningReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", report.records().size());
        out.put("kept", report.keptCount());
        out.put("rejected", report.rejectedCount());
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (RejectionReason r : RejectionReason.values()) {
            reasons.put(r.code(), report.count(r));
        }
        out.put("rejectedBy", reasons);
        out.put("manifest", "/api/cleaning/" + jobId + "/manifest.json");
        out.put("manifestCsv", "/api/cleaning/" + jobId + "/manifest.csv");
        out.put("zip", "/api/cleaning/" + jobId + "/result.zip");
        out.put("page", "/cleaning/" + jobId);
        return out;
    }

    private record PreparedConcept(String name, Concept concept, RgbImage referenceImage, BinaryMask referenceMask,
                                   boolean fineTune) {
    }

    /** Everything that can be checked before queuing, so a bad request fails at once and not in the job. */
    private PreparedConcept prepare(ConceptSource source) {
        if (source instanceof ConceptSource.Stored stored) {
            Concept c = concepts.load(stored.conceptId());
            perSam.require().requireSamePack(c);
            return new PreparedConcept(c.name(), c, null, null, false);
        }
        ConceptSource.Reference ref = (ConceptSource.Reference) source;
        RgbImage image = ImageDecoder.read(ref.image(), ImageLimits.DEFAULT);
        BinaryMask mask = MaskImages.read(ref.mask(), ImageLimits.DEFAULT);
        PerSam.validateReference(image, mask);
        String name = ref.name() == null || ref.name().isBlank() ? "reference" : ref.name().strip();
        return new PreparedConcept(name, null, image, mask, ref.fineTune());
    }

    /**
     * Images are stored flat under their own (sanitised, de-duplicated) names with caption files beside them; a
     * zip is extracted safely — into {@code input/} itself when it is the only upload, else into a folder named
     * after it. Other files are ignored.
     *
     * @return how many images there are
     */
    static int storeUploads(List<? extends Upload> uploads, Path input) throws IOException {
        Set<String> used = new HashSet<>();
        Path scratch = input.resolveSibling("uploads");
        Files.createDirectories(scratch);
        try {
            int images = 0;
            for (Upload u : uploads) {
                String name = sanitize(u.originalFilename());
                Path tmp = Files.createTempFile(scratch, "upload-", ".bin");
                try (InputStream in = u.open()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (name.toLowerCase(Locale.ROOT).endsWith(".zip") || TrainingImages.looksLikeZip(tmp)) {
                    Path target = uploads.size() == 1 ? input : input.resolve(unique(stem(name), used));
                    images += TrainingImages.extractZip(tmp, target, ArchiveLimits.DEFAULT).size();
                } else if (TrainingImages.isImageName(name)) {
                    Files.move(tmp, input.resolve(unique(name, used)));
                    images++;
                } else if (name.toLowerCase(Locale.ROOT).endsWith(".txt") || name.toLowerCase(Locale.ROOT).endsWith(".caption")) {
                    Files.move(tmp, input.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.deleteIfExists(tmp);
            }
            return images;
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** The last path element of a client's file name, without control characters; "upload" when nothing is left. */
    static String sanitize(String original) {
        String name = original == null ? "" : original.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "upload";
        }
        // File systems limit a name to 255 bytes, not characters; keep the tail (it holds the extension) and stay
        // well under the limit so unique() can still append "-N".
        while (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            name = name.substring(name.offsetByCodePoints(0, 1));
        }
        return name;
    }

    private static final int MAX_NAME_BYTES = 240;

    private static String unique(String name, Set<String> used) {
        String stem = stem(name);
        String ext = name.substring(stem.length());
        String candidate = stem;
        for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = stem + "-" + n;
        }
        return candidate + ext;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private void evicted(String jobId, Path work) {
        if (jobId != null) {
            runs.remove(jobId);
        }
        deleteQuietly(work);
    }

    private void removeStaleWork() {
        if (!Files.isDirectory(workRoot)) {
            return;
        }
        Instant cutoff = Instant.now().minus(STALE_WORK);
        try (Stream<Path> s = Files.list(workRoot)) {
            for (Path dir : s.toList()) {
                FileTime modified = Files.getLastModifiedTime(dir);
                if (modified.toInstant().isBefore(cutoff)) {
                    deleteQuietly(dir);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot tidy {}: {}", workRoot, e.getMessage());
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
