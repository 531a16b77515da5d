package dev.findling.app.segmentation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.app.command.ErrorMessage;
import dev.findling.app.command.ExitCode;
import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.OutputNames;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.semantic.ClassQuery;
import dev.findling.semantic.ClassSegment;
import dev.findling.semantic.SegmentationMode;
import dev.findling.semantic.SemanticSegmentation;
import dev.findling.semantic.SemanticSegmenter;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code segment --text "red, blue" IMG...}: open-vocabulary segmentation of each image, written as files (label map,
 * per-class masks and COCO RLE, a summary) with a table on stdout.
 */
@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Segment the classes a text names in each image.",
                "Writes, per image, <stem>.labels.png (each class in its legend colour, background transparent) and, per",
                "class found, <stem>.<class>.mask.png (0/255) and <stem>.<class>.rle.json (COCO RLE, column-major);",
                "then summary.json for the whole run. Prints one row per image and class on stdout. An image that",
                "cannot be read is reported and skipped; the exit code is then 1."})
public class SegmentCommand implements ApplicationCommand {
    /** Characters kept in the class part of file names; everything else becomes '-'. */
    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N}._]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MAX_NAME_LENGTH = 60;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--text"}, required = true, paramLabel = "CLASSES",
            description = "Class names separated by commas, e.g. \"red, blue\".")
    String text;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "refined",
            description = "coarse (text-patch similarity only) or refined (the SAM decoder refines each class; default).")
    SegmentationMode mode;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "segments",
            description = "Output folder, created when missing (default: ./segments).")
    Path out;

    @Parameters(paramLabel = "IMG", arity = "1..*", description = "Images: JPEG, PNG, BMP, GIF or WebP.")
    List<Path> images;

    @Autowired
    ActiveSegmenter activeSegmenter;

    /** summary.json: the run and every image's classes and files. */
    record Summary(TextSegmentationReport.PackInfo pack, String mode, List<String> query, List<ImageSummary> images,
                   List<String> notes) {
    }

    /**
     * @param image  the path as given
     * @param labels the label-map PNG's file name (in the output folder); null when the image failed
     * @param error  why the image failed; null on success
     */
    record ImageSummary(String image, Integer width, Integer height, String labels, Double ms, List<ClassSummary> classes,
                        String error) {
    }

    /** As the API's class entry, with the files written instead of links (mask and rle are null when not found). */
    record ClassSummary(String name, int label, boolean found, double score, long area, double areaFraction,
                        TextSegmentationReport.Box box, Double decoderIouEstimate, String colour, String colourName,
                        String mask, String rle, String message) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ClassQuery query = parseQuery();
        SemanticSegmenter segmenter = activeSegmenter.require();
        checkQuery(segmenter, query);
        ModelPack pack = activeSegmenter.pack();
        Files.createDirectories(out);

        stderr.println("pack: " + pack.displayLabel());
        List<String> classFileNames = classFileNames(query.classNames());
        Table table = new Table(stdout, images, query.classNames());
        table.header();

        List<ImageSummary> summaries = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        OutputNames stems = new OutputNames();
        int failures = 0;
        for (Path image : images) {
            long start = System.nanoTime();
            String stem = stems.uniqueStem(image.getFileName() == null ? "image" : image.getFileName().toString());
            try {
                RgbImage rgb = ImageDecoder.read(image, ImageLimits.DEFAULT);
                SemanticSegmentation result = segmenter.segment(rgb, query, mode);
                notes.addAll(result.notes());
                String labelsFile = stem + ".labels.png";
                Files.write(out.resolve(labelsFile), SegmentationImages.labelsPng(result.labels()));
                List<ClassSummary> classes = new ArrayList<>();
                for (ClassSegment c : result.classes()) {
                    classes.add(writeClass(stem, classFileNames.get(c.label() - 1), c));
                }
                double ms = TextSegmentationReport.ms(Duration.ofNanos(System.nanoTime() - start));
                summaries.add(new ImageSummary(image.toString(), rgb.width(), rgb.height(), labelsFile, ms, classes, null));
                table.rows(image, classes, ms);
            } catch (ImageDecodeException | UncheckedIOException e) {
                failures++;
                stderr.println("findling: error: " + image + ": " + ErrorMessage.of(e));
                summaries.add(new ImageSummary(image.toString(), null, null, null, null, List.of(), ErrorMessage.of(e)));
            }
            stdout.flush();
        }

        Summary summary = new Summary(TextSegmentationReport.PackInfo.of(pack), mode.name().toLowerCase(Locale.ROOT),
                query.classNames(), summaries, List.copyOf(notes));
        Path summaryFile = out.resolve("summary.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryFile.toFile(), summary);
        notes.forEach(note -> stderr.println("note: " + note));
        stderr.println("wrote " + out.toAbsolutePath().normalize() + " (summary.json)");
        if (failures > 0) {
            stderr.println("findling: error: " + failures + " of " + images.size() + " images could not be read");
            return ExitCode.ERROR;
        }
        return ExitCode.OK;
    }

    private ClassSummary writeClass(String stem, String classFileName, ClassSegment c) throws IOException {
        TextSegmentationReport.ClassReport r = TextSegmentationReport.ClassReport.of(c, "");
        String maskFile = null;
        String rleFile = null;
        if (r.found()) {
            maskFile = stem + "." + classFileName + ".mask.png";
            rleFile = stem + "." + classFileName + ".rle.json";
            Files.write(out.resolve(maskFile), PngWriter.mask(c.mask()));
            Files.writeString(out.resolve(rleFile), r.rle().toCocoRle().toJson() + "\n", StandardCharsets.UTF_8);
        }
        return new ClassSummary(r.name(), r.label(), r.found(), r.score(), r.area(), r.areaFraction(), r.box(),
                r.decoderIouEstimate(), r.colour(), r.colourName(), maskFile, rleFile, r.message());
    }

    private ClassQuery parseQuery() {
        try {
            return ClassQuery.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--text': " + e.getMessage());
        }
    }

    /** Too many classes or a class too long for the text encoder is the user's to fix: a usage error, before any image. */
    private void checkQuery(SemanticSegmenter segmenter, ClassQuery query) {
        int max = segmenter.settings().maxClasses();
        if (query.size() > max) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--text': it names " + query.size()
                    + " classes but at most " + max + " are allowed");
        }
        for (String name : query.classNames()) {
            try {
                segmenter.textEmbedding(name); // cached: the segmentation reuses it
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--text': " + e.getMessage());
            }
        }
    }

    /**
     * File-name parts for the classes, in label order: letters, digits, '.', '_' kept, other runs become '-';
     * "red car" → "red-car". Two classes that would collide get their label appended; a name with nothing left
     * becomes "class<label>".
     */
    static List<String> classFileNames(List<String> classNames) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < classNames.size(); i++) {
            String safe = UNSAFE.matcher(classNames.get(i).strip()).replaceAll("-");
            safe = safe.replaceAll("^[-.]+|-+$", "");
            if (safe.length() > MAX_NAME_LENGTH) {
                safe = safe.substring(0, MAX_NAME_LENGTH);
            }
            if (safe.isEmpty()) {
                safe = "class" + (i + 1);
            }
            if (!used.add(safe.toLowerCase(Locale.ROOT))) {
                safe = safe + "-" + (i + 1);
                used.add(safe.toLowerCase(Locale.ROOT));
            }
            names.add(safe);
        }
        return names;
    }

    /** The stdout table: image, class, found, score, area %, ms; one row per class, columns sized up front. */
    private static final class Table {
        private final PrintWriter out;
        private final int imageWidth;
        private final int classWidth;

        Table(PrintWriter out, List<Path> images, List<String> classes) {
            this.out = out;
            this.imageWidth = Math.max("image".length(), images.stream().mapToInt(p -> p.toString().length()).max().orElse(0));
            this.classWidth = Math.max("class".length(), classes.stream().mapToInt(String::length).max().orElse(0));
        }

        void header() {
            out.println(row("image", "class", "found", "score", "area %", "ms"));
        }

        void rows(Path image, List<ClassSummary> classes, double ms) {
            for (ClassSummary c : classes) {
                out.println(row(image.toString(), c.name(), c.found() ? "yes" : "no", String.format(Locale.ROOT, "%.2f", c.score()),
                        String.format(Locale.ROOT, "%.2f", c.areaFraction() * 100), String.format(Locale.ROOT, "%.0f", ms)));
            }
        }

        private String row(String image, String name, String found, String score, String area, String ms) {
            return String.format(Locale.ROOT, "%-" + imageWidth + "s  %-" + classWidth + "s  %-5s  %5s  %6s  %6s",
                    image, name, found, score, area, ms).stripTrailing();
        }
    }
}
