package dev.findling.app.concepts;

import dev.findling.app.command.ApplicationCommand;
import dev.findling.app.command.ExitCode;
import dev.findling.app.library.LibraryFind;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.models.image.ImageFormats;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.find.ConceptFind;
import dev.findling.personalize.find.FindReport;
import dev.findling.personalize.find.FoundImage;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code find --ref IMG --mask PNG IMG_OR_DIR...}: PerSAM from one reference over a set of images, writing per image
 * the mask, an RGBA cut-out and the COCO RLE — only where the concept was found — plus {@code summary.json}.
 */
@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find the object of a reference image and mask in other images (PerSAM; PerSAM-F with --fine-tune).",
                "Per input where it is found, writes into --out, named after the input's file stem:",
                "  <stem>.mask.png   the mask, 0/255 grayscale",
                "  <stem>.cutout.png the image cut out along the mask, RGBA (transparent elsewhere)",
                "  <stem>.rle.json   the mask as COCO RLE {\"size\":[h,w],\"counts\":[...]} (column-major, as pycocotools)",
                "Images where it is not found get no mask files. summary.json lists every input (file, found, score,",
                "box, instances, timings, outputs or error); a table goes to stdout. Directories are expanded to the",
                "image files directly inside them (.jpg .jpeg .png .bmp .gif .webp), sorted by name. Inputs that",
                "cannot be read are reported in the summary and on stderr and do not stop the run."})
public class FindCommand implements ApplicationCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--ref", required = true, paramLabel = "IMG", description = "The reference image.")
    Path reference;

    @Option(names = "--mask", required = true, paramLabel = "PNG",
            description = "The mask of the object in the reference image (same size; 0/1, 0/255, palette or RGBA alpha).")
    Path mask;

    @Option(names = "--fine-tune", description = "Fit PerSAM-F's mixing weights on the reference first.")
    boolean fineTune;

    @Option(names = "--max-instances", paramLabel = "N", defaultValue = "1",
            description = "Look for up to N instances per image (default ${DEFAULT-VALUE}).")
    int maxInstances;

    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "Presence threshold in [0, 1] (default: findling.persam.presence-threshold, else the calibrated one of the personalize module).")
    Double threshold;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "find-results",
            description = "Output folder, created when missing (default ${DEFAULT-VALUE}).")
    Path out;

    @Parameters(paramLabel = "IMG_OR_DIR", arity = "0..*", description = "Images, or folders of images, to search.")
    List<Path> inputs;

    @Option(names = "--library", paramLabel = "ROOT",
            description = "Search a library root (its id, or a folder, added and indexed when new) instead of IMG_OR_DIR.")
    String library;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "With --library: write at most N found images, best first (default ${DEFAULT-VALUE}).")
    int limit;

    @Autowired
    LibraryFind libraryFind;

    @Autowired
    ActivePerSam perSam;

    @Override
    public Integer call() throws IOException {
        PerSam ps = perSamWithOptions();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ConceptFind.Reference ref = new ConceptFind.Reference(reference, mask, fineTune);
        String packLabel = perSam.pack().displayLabel();
        if (library != null) {
            return libraryFind.run(new LibraryFind.Request(library, limit), ps, ref, out, packLabel, stdout, stderr);
        }
        List<Path> files = inputFiles();
        ConceptFind find = ConceptFind.start(ps, ref, out);
        stderr.printf(Locale.ROOT, "concept from %s%s in %d ms; pack %s%n", reference,
                fineTune ? ", PerSAM-F weights fitted" : "", find.conceptMillis(), packLabel);
        Table table = new Table(stdout, files);
        for (Path file : files) {
            FoundImage image = find.inFile(file);
            table.row(image);
            if (image.failed()) {
                stderr.println("findling: " + file + ": " + image.error());
            }
        }
        FindReport report = find.finish(packLabel, Map.of(), 0);
        stderr.printf(Locale.ROOT, "%d of %d images contain the concept%s; results in %s%n", report.found(), files.size(),
                report.failed() > 0 ? " (" + report.failed() + " could not be read, see " + ConceptFind.SUMMARY + ")" : "",
                out);
        return ExitCode.OK;
    }

    /** The shared PerSam with this run's options, after checking them. */
    private PerSam perSamWithOptions() {
        if (maxInstances < 1 || maxInstances > ConceptService.MAX_INSTANCES_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--max-instances must be between 1 and "
                    + ConceptService.MAX_INSTANCES_LIMIT + " but is " + maxInstances);
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be between 0 and 1 but is " + threshold);
        }
        PerSam base = perSam.require();
        PerSamOptions options = base.options().withMaxInstances(maxInstances);
        return base.withOptions(threshold == null ? options : options.withPresenceThreshold(threshold));
    }

    private List<Path> inputFiles() {
        if (inputs == null || inputs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give IMG_OR_DIR... or --library ROOT");
        }
        List<Path> files = expand(inputs);
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no image files in " + inputs);
        }
        return files;
    }

    /** Files as given; folders as their image files (not recursive), sorted by name. */
    static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(f -> ImageFormats.isVisibleImage(f.getFileName().toString()))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else {
                files.add(p); // a missing or unreadable file is reported in the summary
            }
        }
        return files;
    }

    /** The table on stdout, one row per image as it is done. */
    private static final class Table {
        private final PrintWriter out;
        private final String row;

        Table(PrintWriter out, List<Path> files) {
            this.out = out;
            int nameWidth = Math.max(5, files.stream().mapToInt(f -> f.toString().length()).max().orElse(5));
            this.row = "%-" + nameWidth + "s  %-5s  %6s  %7s%n";
            out.printf(Locale.ROOT, row, "image", "found", "score", "ms");
        }

        void row(FoundImage image) {
            if (image.failed()) {
                out.printf(Locale.ROOT, row, image.file(), "error", "-", image.timings().totalMillis());
            } else {
                out.printf(Locale.ROOT, row, image.file(), image.found() ? "yes" : "no",
                        String.format(Locale.ROOT, "%.3f", image.result().score()), image.timings().totalMillis());
            }
            out.flush();
        }
    }
}
