package dev.findling.app.cleaning;

import dev.findling.app.FindlingProperties;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.app.jobs.JobKind;
import dev.findling.app.jobs.JobQueueFullException;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.jobs.JobTask;
import dev.findling.jobs.JobContext;
import dev.findling.jobs.JobRecord;
import dev.findling.jobs.JobState;
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
import dev.findling.personalize.cleaning.CleaningManifest;
import dev.findling.personalize.cleaning.CleaningOptions;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Dataset cleaning as background jobs: stores the uploads in a work folder named after the job
 * ({@code <data dir>/work/cleaning/<job id>/}), runs personalize's {@link DatasetCleaner} as a job of the registry
 * (progress per image, pause and cancel between images), zips the cleaned set, and keeps the run's files as long as
 * the registry keeps the job — across restarts, until it is deleted or expires ({@code findling.jobs.retention}).
 * A run interrupted by a crash can be resumed: it starts over from its stored uploads (and reference). Work folders
 * without a job record (a crash between staging and queuing) are removed at start.
 */
@Service
public class CleaningService {
    public static final String JOB_TYPE = "cleaning";
    private static final String REFERENCE_IMAGE = "reference-image";
    private static final String REFERENCE_MASK = "reference-mask";
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
        jobs.registerKind(JOB_TYPE, new JobKind() {
            @Override
            public JobTask resume(JobRecord record) {
                return resumeRun(record);
            }

            @Override
            public void discard(JobRecord record) {
                runs.remove(record.id());
                deleteQuietly(workRoot.resolve(record.id()));
            }
        });
        removeOrphanedWork();
    }

    /**
     * Validates the request, stores the uploads and queues the job.
     *
     * @throws dev.findling.personalize.ConceptNotFoundException for an unknown concept id (404)
     * @throws dev.findling.personalize.FineTuningUnsupportedException for PerSAM-F on a decoder with fewer than three
     *                                                                  multimask candidates (422)
     * @throws IllegalArgumentException                         when no image was uploaded or an option is out of range
     * @throws dev.findling.personalize.cleaning.UnsafeArchiveException for a hostile zip
     */
    public JobStatus submit(ConceptSource source, List<? extends Upload> uploads, CleaningOptions options) {
        PreparedConcept prepared = prepare(source);
        if (!jobs.hasRoom()) {
            throw new JobQueueFullException(jobs.maxQueued()); // before storing anything
        }
        String jobId = jobs.newId();
        Path work = workRoot.resolve(jobId);
        try {
            Files.createDirectories(work.resolve("input"));
            if (source instanceof ConceptSource.Reference ref) {
                // Kept so that an interrupted run can learn the concept again when it is resumed.
                Files.write(work.resolve(REFERENCE_IMAGE), ref.image());
                Files.write(work.resolve(REFERENCE_MASK), ref.mask());
            }
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
        runs.put(jobId, new CleaningRun(jobId, prepared.name(), options, work, Optional.empty()));
        try {
            return jobs.submit(jobId, JOB_TYPE, title, params(source, prepared, options),
                    context -> run(context, prepared, options, work));
        } catch (RuntimeException e) {
            // Refused (queue full) or not recorded: nothing of the submission may stay behind.
            runs.remove(jobId);
            deleteQuietly(work);
            throw e;
        }
    }

    /** What a cleaning job's record keeps to run it again: the concept (or that the reference is stored) and options. */
    private static Map<String, String> params(ConceptSource source, PreparedConcept prepared, CleaningOptions o) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", prepared.name());
        if (source instanceof ConceptSource.Stored stored) {
            p.put("concept", stored.conceptId());
        } else {
            p.put("fineTune", Boolean.toString(prepared.fineTune()));
        }
        p.put("minArea", Double.toString(o.minAreaRatio()));
        p.put("margin", Double.toString(o.cropMargin()));
        p.put("square", Boolean.toString(o.squareCrops()));
        p.put("rejectAmbiguous", Boolean.toString(o.rejectAmbiguous()));
        return p;
    }

    private static CleaningOptions options(Map<String, String> p) {
        return CleaningOptions.defaults().withMinAreaRatio(Double.parseDouble(p.get("minArea")))
                .withCropMargin(Double.parseDouble(p.get("margin"))).withSquareCrops(Boolean.parseBoolean(p.get("square")))
                .withRejectAmbiguous(Boolean.parseBoolean(p.get("rejectAmbiguous")));
    }

    /** An interrupted run again, from its record and its work folder: the concept is prepared as at submission. */
    private JobTask resumeRun(JobRecord record) {
        Map<String, String> p = record.params();
        Path work = workRoot.resolve(record.id());
        if (!Files.isDirectory(work.resolve("input"))) {
            throw new IllegalStateException("the uploads of cleaning run " + record.id() + " are gone; delete the job");
        }
        ConceptSource source;
        if (p.containsKey("concept")) {
            source = new ConceptSource.Stored(p.get("concept"));
        } else {
            try {
                source = new ConceptSource.Reference(p.get("name"), Files.readAllBytes(work.resolve(REFERENCE_IMAGE)),
                        Files.readAllBytes(work.resolve(REFERENCE_MASK)), Boolean.parseBoolean(p.get("fineTune")));
            } catch (IOException e) {
                throw new UncheckedIOException("the reference of cleaning run " + record.id() + " cannot be read: "
                        + e.getMessage(), e);
            }
        }
        PreparedConcept prepared = prepare(source);
        CleaningOptions options = options(p);
        runs.put(record.id(), new CleaningRun(record.id(), prepared.name(), options, work, Optional.empty()));
        return context -> run(context, prepared, options, work);
    }

    /**
     * A cleaning run by its job id, while the registry keeps the job — also one a former process ran: its report
     * comes back from the manifest it wrote.
     */
    public Optional<CleaningRun> run(String jobId) {
        if (jobId == null) {
            return Optional.empty();
        }
        CleaningRun known = runs.get(jobId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<JobRecord> record = jobs.record(jobId).filter(r -> JOB_TYPE.equals(r.type()));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Path work = workRoot.resolve(jobId);
        Optional<CleaningReport> report = Optional.empty();
        if (record.get().state() == JobState.COMPLETED) {
            try {
                report = Optional.of(new CleaningReport(work.resolve("output"), CleaningManifest.read(work.resolve("output"))));
            } catch (IOException e) {
                log.warn("The manifest of cleaning run {} cannot be read: {}", jobId, e.getMessage());
            }
        }
        CleaningRun run = new CleaningRun(jobId, record.get().params().getOrDefault("name", "subject"),
                options(record.get().params()), work, report);
        return Optional.of(runs.computeIfAbsent(jobId, id -> run));
    }

    private Object run(JobContext context, PreparedConcept prepared, CleaningOptions options, Path work) throws IOException {
        // A resumed run starts over: what an interrupted one wrote is replaced.
        deleteQuietly(work.resolve("output"));
        Files.deleteIfExists(work.resolve("result.zip"));
        PerSam ps = perSam.require();
        Concept concept = prepared.concept();
        if (concept == null) {
            context.message("Learning the concept from the reference image" + (prepared.fineTune() ? " (PerSAM-F)" : ""));
            concept = ps.createConcept(prepared.name(), prepared.referenceImage(), prepared.referenceMask(), prepared.fineTune());
        }
        List<TrainingImage> images = TrainingImages.fromFolder(work.resolve("input"), true);
        context.message(images.size() + " images to check");
        CleaningReport report = new DatasetCleaner(ps, options).clean(concept, images, work.resolve("output"), context,
                CleaningListener.NONE);
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
        if (ref.fineTune()) {
            perSam.require().requireFineTuningSupported();
        }
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
                    Path target = uploads.size() == 1 ? input : input.resolve(unique(archiveFolder(name), used));
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

    /**
     * The folder an archive beside other uploads is extracted into: its name without the extension or leading dots
     * (".." would be the work folder itself, ".x" a hidden folder whose images are skipped), "archive" when nothing
     * is left.
     */
    static String archiveFolder(String name) {
        String folder = name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : stem(name);
        folder = folder.replaceFirst("^[.\\s]+", "").strip();
        return folder.isEmpty() ? "archive" : folder;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Removes work folders no job record owns: staging a crash interrupted before the job was queued, runs of jobs
     * whose records were deleted. Runs at start, before any submission of this process.
     */
    private void removeOrphanedWork() {
        if (!jobs.isDurable() || !Files.isDirectory(workRoot)) {
            // Without the records (another process owns them) nothing here can tell an orphan from that one's run.
            return;
        }
        try (Stream<Path> s = Files.list(workRoot)) {
            for (Path dir : s.toList()) {
                String name = dir.getFileName().toString();
                if (jobs.record(name).filter(r -> JOB_TYPE.equals(r.type())).isEmpty()) {
                    log.info("Removing {}: no cleaning job owns it", dir);
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
