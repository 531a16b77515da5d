package dev.findling.app.cleaning;

import dev.findling.app.command.ApplicationCommand;
import dev.findling.app.command.ExitCode;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageFormats;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.OutputNames;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.cleaning.ArchiveLimits;
import dev.findling.personalize.cleaning.CleaningOptions;
import dev.findling.personalize.cleaning.CleaningRecord;
import dev.findling.personalize.cleaning.CleaningReport;
import dev.findling.personalize.cleaning.DatasetCleaner;
import dev.findling.personalize.cleaning.RejectionReason;
import dev.findling.personalize.cleaning.TrainingImage;
import dev.findling.personalize.cleaning.TrainingImages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code clean-dataset}: personalize's {@link DatasetCleaner} on a folder or zip, with a progress bar on stderr
 * and a table of the decisions on stdout.
 */
@Command(name = "clean-dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Clean a DreamBooth training set: find the subject of a reference image and mask in every image,",
                "keep images that show it once and large enough, and write into --out:",
                "  images/<file>        the kept images, unchanged (with their .txt/.caption captions)",
                "  masks/<stem>.png     the subject's mask, 0/255",
                "  cutouts/<stem>.png   the subject cut out, RGBA",
                "  on-white/<stem>.png  the subject on white",
                "  crops/<stem>.png     a crop around the subject (--margin, --square)",
                "  masked-loss/<file>   kohya-ss masked-loss masks: same file names as the images, mask in R",
                "                       (sd-scripts: --masked_loss, conditioning_data_dir = this folder)",
                "  manifest.json/.csv   every input: kept, reason (absent, too-small, ambiguous, unreadable), score,",
                "                       box, maskAreaRatio, instances",
                "--out must be new, empty, or an earlier clean-dataset output (which is replaced)."})
public class CleanDatasetCommand implements ApplicationCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--ref", paramLabel = "IMG", description = "The reference image.")
    Path reference;

    @Option(names = "--mask", paramLabel = "PNG",
            description = "The subject's mask in the reference image (same size; 0/1, 0/255, palette or RGBA alpha).")
    Path mask;

    @Option(names = "--concept", paramLabel = "ID", description = "Instead of --ref/--mask: a concept saved in the data dir.")
    String conceptId;

    @Option(names = "--fine-tune", description = "Fit PerSAM-F's mixing weights on the reference first.")
    boolean fineTune;

    @Option(names = "--in", required = true, paramLabel = "DIR_OR_ZIP",
            description = "The training images: a folder (the images directly in it) or a zip archive.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the cleaned set goes.")
    Path out;

    @Option(names = "--zip", description = "Also write the cleaned set as DIR.zip.")
    boolean zip;

    @Option(names = "--min-area", paramLabel = "FRACTION", defaultValue = "0.02",
            description = "Smallest fraction of the image the subject must cover (default ${DEFAULT-VALUE}).")
    double minArea;

    @Option(names = "--margin", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "Crop margin as a fraction of the subject box's longer side (default ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--square", description = "Make crops square.")
    boolean square;

    @Option(names = "--allow-several", description = "Keep images with more than one instance (default: reject as ambiguous).")
    boolean allowSeveral;

    @Autowired
    ActivePerSam perSam;

    @Autowired
    ObjectProvider<ConceptStore> conceptStore;

    @Override
    public Integer call() throws Exception {
        CleaningOptions options = validatedOptions();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        PerSam ps = perSam.require();
        Concept concept = concept(ps);
        stderr.printf(Locale.ROOT, "subject: %s%s; pack %s%n", concept.name(),
                concept.fineTuneWeights().isPresent() ? " (PerSAM-F)" : "", perSam.pack().displayLabel());

        Path scratch = Files.isDirectory(in) ? null : Files.createTempDirectory("findling-clean-");
        try {
            List<TrainingImage> images = scratch == null ? TrainingImages.fromFolder(in, false)
                    : TrainingImages.extractZip(in, scratch, ArchiveLimits.DEFAULT);
            if (images.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no images in " + in + " (" + String.join(" ",
                        ImageFormats.EXTENSIONS) + ")");
            }
            CleaningProgressBar bar = new CleaningProgressBar(stderr, System.console() != null);
            CleaningReport report;
            try {
                report = new DatasetCleaner(ps, options).clean(concept, images, out, bar);
            } finally {
                bar.finish();
            }
            printTable(stdout, report);
            if (zip) {
                Path zipFile = out.toAbsolutePath().normalize().resolveSibling(out.toAbsolutePath().normalize().getFileName() + ".zip");
                DatasetCleaner.zip(out, zipFile);
                stderr.println("zip: " + zipFile);
            }
            stderr.printf(Locale.ROOT, "%d of %d images kept, %d rejected%s; results in %s%n", report.keptCount(),
                    report.records().size(), report.rejectedCount(), rejectionCounts(report), out);
            return ExitCode.OK;
        } finally {
            if (scratch != null) {
                CleaningService.deleteQuietly(scratch);
            }
        }
    }

    /** The options as given, checked together (picocli checks each alone). */
    private CleaningOptions validatedOptions() {
        boolean byReference = reference != null || mask != null;
        if (byReference == (conceptId != null) || (byReference && (reference == null || mask == null))) {
            throw new ParameterException(spec.commandLine(), "give either --ref and --mask, or --concept");
        }
        if (conceptId != null && fineTune) {
            throw new ParameterException(spec.commandLine(), "--fine-tune applies to --ref/--mask; a saved concept keeps its own weights");
        }
        if (!Files.exists(in)) {
            throw new ParameterException(spec.commandLine(), "--in " + in + " does not exist");
        }
        try {
            return CleaningOptions.defaults().withMinAreaRatio(minArea).withCropMargin(margin).withSquareCrops(square)
                    .withRejectAmbiguous(!allowSeveral);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The saved concept, or one made from --ref and --mask. */
    private Concept concept(PerSam ps) {
        if (conceptId != null) {
            Concept concept = conceptStore.getObject().load(conceptId);
            ps.requireSamePack(concept);
            return concept;
        }
        RgbImage refImage = ImageDecoder.read(reference, ImageLimits.DEFAULT);
        BinaryMask refMask = MaskImages.read(mask, ImageLimits.DEFAULT);
        return ps.createConcept(OutputNames.stem(reference.getFileName().toString()), refImage, refMask, fineTune);
    }

    /** " (2 absent, 1 unreadable)", or nothing when every image was kept. */
    private static String rejectionCounts(CleaningReport report) {
        StringBuilder reasons = new StringBuilder();
        for (RejectionReason r : RejectionReason.values()) {
            long n = report.count(r);
            if (n > 0) {
                reasons.append(reasons.isEmpty() ? " (" : ", ").append(n).append(' ').append(r.code());
            }
        }
        return reasons.isEmpty() ? "" : reasons.append(')').toString();
    }

    static void printTable(PrintWriter stdout, CleaningReport report) {
        int width = Math.max(5, report.records().stream().mapToInt(r -> r.file().length()).max().orElse(5));
        String row = "%-" + width + "s  %-8s  %-10s  %6s  %6s%n";
        stdout.printf(Locale.ROOT, row, "image", "decision", "reason", "score", "area");
        for (CleaningRecord r : report.records()) {
            stdout.printf(Locale.ROOT, row, r.file(), r.kept() ? "kept" : "rejected", r.kept() ? "" : r.reasonCode(),
                    String.format(Locale.ROOT, "%.3f", r.score()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * r.maskAreaRatio()));
        }
        stdout.flush();
    }
}
