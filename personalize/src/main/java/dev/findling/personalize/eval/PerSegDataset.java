package dev.findling.personalize.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A PerSeg-style folder. Two layouts are read:
 * <ul>
 *   <li>flat: {@code DIR/<concept>/NN.jpg} with {@code NN.png} masks beside them (the perseg-examples layout);</li>
 *   <li>official: {@code DIR/Images/<concept>/NN.jpg} and {@code DIR/Annotations/<concept>/NN.png}.</li>
 * </ul>
 * The image named {@code 00} is the reference (the authors' {@code --ref_idx 00}); when there is
 * none, the first in name order. Every other image with a mask is a test image.
 */
public record PerSegDataset(Path root, List<ConceptFolder> concepts) {

    /** One concept: its reference pair and its test pairs, in name order. */
    public record ConceptFolder(String name, ImagePair reference, List<ImagePair> tests) {
        public ConceptFolder {
            tests = List.copyOf(tests);
        }
    }

    /** An image and its ground-truth mask file. */
    public record ImagePair(String stem, Path image, Path mask) {
    }

    public PerSegDataset {
        concepts = List.copyOf(concepts);
    }

    public static PerSegDataset open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("PerSeg folder " + dir + " does not exist or is not a folder");
        }
        Path images = dir.resolve("Images");
        Path annotations = dir.resolve("Annotations");
        List<ConceptFolder> out = new ArrayList<>();
        if (Files.isDirectory(images) && Files.isDirectory(annotations)) {
            for (Path c : subfolders(images)) {
                String name = c.getFileName().toString();
                folder(name, c, annotations.resolve(name)).ifPresent(out::add);
            }
        } else {
            for (Path c : subfolders(dir)) {
                folder(c.getFileName().toString(), c, c).ifPresent(out::add);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no PerSeg concepts in " + dir + ": expected <concept>/NN.jpg with NN.png masks, "
                    + "or Images/<concept>/*.jpg with Annotations/<concept>/*.png");
        }
        return new PerSegDataset(dir, out);
    }

    private static java.util.Optional<ConceptFolder> folder(String name, Path imageDir, Path maskDir) {
        List<ImagePair> pairs = new ArrayList<>();
        for (Path img : files(imageDir)) {
            String file = img.getFileName().toString();
            String lower = file.toLowerCase(Locale.ROOT);
            if (!(lower.endsWith(".jpg") || lower.endsWith(".jpeg"))) {
                continue;
            }
            String stem = file.substring(0, file.lastIndexOf('.'));
            Path mask = maskDir.resolve(stem + ".png");
            if (Files.isRegularFile(mask)) {
                pairs.add(new ImagePair(stem, img, mask));
            }
        }
        if (pairs.size() < 2) {
            return java.util.Optional.empty(); // a concept needs a reference and at least one test image
        }
        pairs.sort(Comparator.comparing(ImagePair::stem));
        ImagePair ref = pairs.stream().filter(p -> p.stem().equals("00")).findFirst().orElse(pairs.get(0));
        List<ImagePair> tests = new ArrayList<>(pairs);
        tests.remove(ref);
        return java.util.Optional.of(new ConceptFolder(name, ref, tests));
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
