package dev.findling.app.concepts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.app.cli.ApplicationCommand;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.ModelPack;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    static final String SUMMARY = "summary.json";
    static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp");

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
            description = "Presence threshold in [0, 1] (default: the calibrated one of the personalize module).")
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
    dev.findling.app.library.LibraryFind libraryFind;

    @Autowired
    ActivePerSam perSam;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws IOException {
        if (maxInstances < 1 || maxInstances > ConceptService.MAX_INSTANCES_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--max-instances must be between 1 and "
                    + ConceptService.MAX_INSTANCES_LIMIT + " but is " + maxInstances);
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be between 0 and 1 but is " + threshold);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (library != null) {
            return libraryFind.run(new dev.findling.app.library.LibraryFind.Request(library, reference, mask, fineTune,
                    maxInstances, threshold, limit, out), stdout, stderr);
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give IMG_OR_DIR... or --library ROOT");
        }
        List<Path> files = expand(inputs);
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no image files in " + inputs);
        }

        ModelPack pack = perSam.pack();
        PerSam base = perSam.require();
        var options = base.options().withMaxInstances(maxInstances);
        if (threshold != null) {
            options = options.withPresenceThreshold(threshold);
        }
        PerSam ps = base.withOptions(options);
        RgbImage refImage = ImageDecoder.read(reference, ImageLimits.DEFAULT);
        BinaryMask refMask = MaskImages.read(mask, ImageLimits.DEFAULT);
        long t0 = System.nanoTime();
        Concept concept = ps.createConcept(stem(reference), refImage, refMask, fineTune);
        stderr.printf(Locale.ROOT, "concept from %s (%d×%d)%s in %d ms; pack %s%n", reference, refImage.width(),
                refImage.height(), fineTune ? ", PerSAM-F weights fitted" : "", (System.nanoTime() - t0) / 1_000_000,
                pack.displayLabel());
        Files.createDirectories(out);

        ObjectNode summary = json.createObjectNode();
        summary.put("reference", reference.toString());
        summary.put("mask", mask.toString());
        summary.put("packId", pack.id());
        summary.put("packLabel", pack.displayLabel());
        summary.put("fineTuned", concept.fineTuneWeights().isPresent());
        summary.put("presenceThreshold", options.presenceThreshold());
        summary.put("maxInstances", maxInstances);
        ArrayNode images = summary.putArray("images");

        int nameWidth = Math.max(5, files.stream().mapToInt(f -> f.toString().length()).max().orElse(5));
        String row = "%-" + nameWidth + "s  %-5s  %6s  %7s%n";
        stdout.printf(Locale.ROOT, row, "image", "found", "score", "ms");
        int found = 0;
        int failed = 0;
        Set<String> usedStems = new HashSet<>();
        for (Path file : files) {
            ObjectNode entry = images.addObject();
            entry.put("file", file.toString());
            long start = System.nanoTime();
            try {
                RgbImage image = ImageDecoder.read(file, ImageLimits.DEFAULT);
                long decoded = System.nanoTime();
                ImageEmbedding embedding = pack.imageEncoder().encode(image);
                long encoded = System.nanoTime();
                PerSamResult r = ps.segment(concept, embedding);
                long segmented = System.nanoTime();
                String stem = uniqueStem(stem(file), usedStems);
                ObjectNode outputs = json.createObjectNode();
                writeOutputs(stem, image, r, outputs);
                long end = System.nanoTime();
                entry.put("width", image.width());
                entry.put("height", image.height());
                entry.put("found", r.found());
                entry.put("score", r.score());
                putBox(entry, "box", r.box().orElse(null));
                ArrayNode instances = entry.putArray("instances");
                for (PerSamResult.Instance i : r.instances()) {
                    ObjectNode in = instances.addObject();
                    in.put("score", i.score());
                    putBox(in, "box", i.box());
                    in.put("iouEstimate", i.iouEstimate());
                    in.put("peakConfidence", i.peakConfidence());
                }
                entry.put("guidanceApplied", r.guidanceApplied());
                entry.put("fineTuned", r.fineTuned());
                ObjectNode timings = entry.putObject("timings");
                timings.put("decodeMillis", (decoded - start) / 1_000_000);
                timings.put("encodeMillis", (encoded - decoded) / 1_000_000);
                timings.put("segmentMillis", (segmented - encoded) / 1_000_000);
                timings.put("totalMillis", (end - start) / 1_000_000);
                entry.set("outputs", outputs);
                if (r.found()) {
                    found++;
                }
                stdout.printf(Locale.ROOT, row, file, r.found() ? "yes" : "no", String.format(Locale.ROOT, "%.3f", r.score()),
                        (end - start) / 1_000_000);
            } catch (RuntimeException e) {
                // One unreadable or broken file must not cost the results of the others.
                failed++;
                entry.put("found", false);
                entry.put("error", messageOf(e));
                stdout.printf(Locale.ROOT, row, file, "error", "-", (System.nanoTime() - start) / 1_000_000);
                stderr.println("findling: " + file + ": " + messageOf(e));
            }
            stdout.flush();
        }
        summary.put("found", found);
        summary.put("notFound", files.size() - found - failed);
        summary.put("failed", failed);
        Path summaryFile = out.resolve(SUMMARY);
        json.writeValue(summaryFile.toFile(), summary);
        stderr.printf(Locale.ROOT, "%d of %d images contain the concept%s; results in %s%n", found, files.size(),
                failed > 0 ? " (" + failed + " could not be read, see " + SUMMARY + ")" : "", out);
        return FindlingCli.EXIT_OK;
    }

    private void writeOutputs(String stem, RgbImage image, PerSamResult r, ObjectNode outputs) throws IOException {
        Path maskFile = out.resolve(stem + ".mask.png");
        Path cutoutFile = out.resolve(stem + ".cutout.png");
        Path rleFile = out.resolve(stem + ".rle.json");
        if (!r.found()) {
            // A previous run into the same folder must not leave a mask that says the concept is there.
            Files.deleteIfExists(maskFile);
            Files.deleteIfExists(cutoutFile);
            Files.deleteIfExists(rleFile);
            return;
        }
        Files.write(maskFile, MaskImages.toPng(r.mask()));
        Files.write(cutoutFile, Cutouts.rgbaPng(image, r.mask()));
        Files.writeString(rleFile, CocoRle.encode(r.mask()).toJson());
        outputs.put("mask", maskFile.getFileName().toString());
        outputs.put("cutout", cutoutFile.getFileName().toString());
        outputs.put("rle", rleFile.getFileName().toString());
    }

    private static void putBox(ObjectNode node, String field, PixelBox b) {
        if (b == null) {
            node.putNull(field);
            return;
        }
        ObjectNode box = node.putObject(field);
        box.put("x0", b.x0());
        box.put("y0", b.y0());
        box.put("x1", b.x1());
        box.put("y1", b.y1());
    }

    /** Files as given; folders as their image files (not recursive), sorted by name. */
    static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(FindCommand::hasImageExtension).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else {
                files.add(p); // a missing or unreadable file is reported in the summary
            }
        }
        return files;
    }

    static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replace('\n', ' ');
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code a.jpg} and {@code a.png} (or two folders' {@code 01.jpg}) must not overwrite each other's outputs. */
    static String uniqueStem(String stem, Set<String> used) {
        String candidate = stem;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = stem + "-" + n;
        }
        return candidate;
    }
}
