package dev.findling.app.segmentation;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.semantic.ClassQuery;
import dev.findling.semantic.SemanticSegmenter;
import dev.findling.semantic.SimilarityDistribution;
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
import java.util.stream.Stream;

/**
 * {@code calibrate --text "dog, cat" FOLDER...}: the distribution of patch–text cosines over the images of a folder
 * for a class list, so that a user can choose {@code findling.segmentation.background-similarity} for a learned
 * pack (models/docs/dense-clip.md, "Calibrating").
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report the patch-text similarity distribution of images for a class list.",
                "Runs the active pack's dense head on every image of the folders (or the image files given) and prints,",
                "per class, percentiles of the cosine between each image patch and the class's text embedding, the mean",
                "of each image's highest cosine, and the share of patches at or above the background threshold in force.",
                "Run it on photos that show a class and on photos that do not; set",
                "findling.segmentation.background-similarity (FINDLING_SEGMENTATION_BACKGROUND_SIMILARITY) between the two."})
public class CalibrateCommand implements ApplicationCommand {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--text"}, required = true, paramLabel = "CLASSES",
            description = "Class names separated by commas, e.g. \"dog, cat\".")
    String text;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "200",
            description = "At most this many images (default 200), in path order.")
    int limit;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Folders (searched recursively) or image files.")
    List<Path> paths;

    @Autowired
    ActiveSegmenter activeSegmenter;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClassQuery query;
        try {
            query = ClassQuery.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--text': " + e.getMessage());
        }
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1 but is " + limit);
        }
        List<Path> images = images();
        if (images.isEmpty()) {
            err.println("findling: error: no image files under " + paths);
            return ExitCode.ERROR;
        }
        SemanticSegmenter segmenter = activeSegmenter.require();
        float threshold = segmenter.settings().backgroundSimilarity();
        SimilarityDistribution distribution = new SimilarityDistribution(query.classNames(), threshold);
        int failed = 0;
        for (Path image : images) {
            try {
                distribution.add(segmenter.patchCosines(ImageDecoder.read(image, ImageLimits.DEFAULT), query));
            } catch (ImageDecodeException | UncheckedIOException e) {
                failed++;
                err.println("findling: skipped " + image + ": " + e.getMessage());
            }
        }
        err.println("pack: " + activeSegmenter.pack().displayLabel());
        out.printf(Locale.ROOT, "%d images, background similarity in force %.3f, logit scale %.0f%n",
                distribution.images(), threshold, segmenter.settings().temperature());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-20s %9s", "class", "patches"));
        for (double p : SimilarityDistribution.PERCENTILES) {
            header.append(String.format(Locale.ROOT, " %7s", p == 0 ? "min" : p == 100 ? "max" : "p" + (int) p));
        }
        header.append(String.format(Locale.ROOT, " %9s %9s", "img-max", "≥thresh"));
        out.println(header);
        for (SimilarityDistribution.ClassSummary c : distribution.summaries()) {
            if (!c.understood()) {
                out.printf(Locale.ROOT, "%-20s  (the text encoder has no embedding for it)%n", c.className());
                continue;
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-20s %9d", c.className(), c.patches()));
            for (float v : c.percentiles()) {
                row.append(String.format(Locale.ROOT, " %7.3f", v));
            }
            row.append(String.format(Locale.ROOT, " %9.3f %8.1f%%", c.meanImageMax(), 100 * c.aboveDefault()));
            out.println(row);
        }
        return failed == images.size() ? ExitCode.ERROR : ExitCode.OK;
    }

    private List<Path> images() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(CalibrateCommand::looksLikeImage).sorted().forEach(found::add);
                }
            } else if (Files.isRegularFile(p)) {
                found.add(p);
            } else {
                throw new ParameterException(spec.commandLine(), p + " is neither a folder nor a file");
            }
        }
        return found.stream().limit(limit).toList();
    }

    private static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Stream.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp").anyMatch(name::endsWith);
    }
}
