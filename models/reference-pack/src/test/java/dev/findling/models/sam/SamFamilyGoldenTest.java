package dev.findling.models.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.ModelPack;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.SamFamilyPacks;
import dev.findling.models.testing.SamFamilyPacks.Family;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case of {@code shared/data/sam-family/*}{@code /golden/manifest.txt}, run through Findling's own path —
 * the pack loader's dialect choice, {@link SamPreprocessor}, the dialect's prompt mapping from original pixels,
 * output selection by name and {@link MaskPostprocessor} — and checked against the authors' goldens within the
 * manifest's tolerances. Encoder cases start from the decoded image; decoder cases from the golden embedding
 * (the goldens were computed from exactly those float16 values) and a prompt in original pixels.
 */
class SamFamilyGoldenTest {
    private static final Map<Family, ModelPack> PACKS = new EnumMap<>(Family.class);
    private static Path tempDir;

    @AfterAll
    static void close() throws IOException {
        PACKS.values().forEach(ModelPack::close);
        PACKS.clear();
        if (tempDir != null) {
            try (Stream<Path> s = Files.walk(tempDir)) {
                for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static synchronized ModelPack pack(Family f) {
        return PACKS.computeIfAbsent(f, k -> {
            try {
                if (tempDir == null) {
                    tempDir = Files.createTempDirectory("sam-family-golden");
                }
                return ModelPack.open(SamFamilyPacks.pack(k, tempDir), ExecutionSettings.defaults());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** One manifest case: its name, model file and its in/out lines. */
    record Case(String name, String model, List<String[]> lines) {
        String[] line(String kind, String tensor) {
            return lines.stream().filter(l -> l[0].equals(kind) && l[1].equals(tensor)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no '" + kind + " " + tensor + "' line"));
        }

        List<String[]> all(String kind) {
            return lines.stream().filter(l -> l[0].equals(kind)).toList();
        }

        boolean encoder() {
            return model.contains("encoder");
        }
    }

    static List<Case> manifest(Path golden) {
        try {
            List<Case> cases = new ArrayList<>();
            for (String raw : Files.readAllLines(golden.resolve("manifest.txt"))) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                if (f[0].equals("case")) {
                    cases.add(new Case(f[1], f[2], new ArrayList<>()));
                } else {
                    cases.get(cases.size() - 1).lines().add(f);
                }
            }
            return cases;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyEfficientSamCaseMatchesTheAuthorsCode() {
        Path golden = SamFamilyPacks.familyDir().resolve("efficientsam/golden");
        List<Case> cases = manifest(golden);
        assertEquals(6, cases.size(), "the EfficientSAM manifest's cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            if (c.encoder()) {
                encoderCase(Family.EFFICIENTSAM, golden, c, efficientSamImage(golden, c));
            } else {
                efficientSamDecoderCase(golden, c);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyEdgeSamCaseMatchesTheAuthorsCode() {
        Path golden = SamFamilyPacks.familyDir().resolve("edgesam/golden");
        List<Case> cases = manifest(golden);
        assertEquals(5, cases.size(), "the EdgeSAM manifest's cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            if (c.encoder()) {
                // The manifest feeds the PIL-resized image (ResizeLongestSide's output); Findling's preprocessor
                // leaves an image already 1024 on its longer side at its size, then normalises and pads it.
                String[] in = c.line("in", "image");
                encoderCase(Family.EDGESAM, golden, c, SamFamilyPacks.readRgb(golden.resolve(in[2])));
            } else {
                edgeSamDecoderCase(golden, c);
            }
        }));
    }

    /**
     * EdgeSAM's resize from the decoded photo: Findling's {@code ImageResampler} (Pillow's antialiased bilinear,
     * kept in floats where Pillow rounds to 8 bits after each pass) against the PIL-resized image the manifest's
     * encoder cases take. They differ by at most about one grey level; the random-weight encoder amplifies even
     * that far beyond the embedding tolerance (docs/sam-family.md), which is why the encoder cases above start from
     * the resized PNG, as the manifest does.
     */
    @TestFactory
    Stream<DynamicTest> edgeSamResizeOfThePhotoIsWithinAGreyLevelOfPillow() {
        Path golden = SamFamilyPacks.familyDir().resolve("edgesam/golden");
        SamPreprocessor pre = new SamPreprocessor(dev.findling.models.pack.Preprocessing.sam(1024));
        return Stream.of("cat01", "cat01crop").map(name -> DynamicTest.dynamicTest(name, () -> {
            RgbImage image = name.equals("cat01") ? SamFamilyPacks.cat01() : SamFamilyPacks.cat01Crop();
            RgbImage pil = SamFamilyPacks.readRgb(golden.resolve(name).resolve("encoder_in_resized.png"));
            SamPreprocessor.Prepared ours = pre.preprocess(image);
            assertEquals(pil.height() + "×" + pil.width(),
                    ours.geometry().resizedHeight() + "×" + ours.geometry().resizedWidth(), name + " resized size");
            java.nio.FloatBuffer a = ours.tensor();
            java.nio.FloatBuffer b = pre.preprocess(pil).tensor();
            float[] std = dev.findling.models.pack.Preprocessing.SAM_PIXEL_STD;
            int plane = 1024 * 1024;
            for (int i = 0; i < a.limit(); i++) {
                double grey = Math.abs(a.get(i) - b.get(i)) * std[i / plane];
                if (grey > 1.05) {
                    fail(name + ": value " + i + " differs from Pillow's resize by " + grey + " grey levels");
                }
            }
        }));
    }

    private static RgbImage efficientSamImage(Path golden, Case c) {
        String[] in = c.line("in", "batched_images");
        RgbImage image = SamFamilyPacks.readRgb(golden.resolve(in[2]));
        for (int i = 4; i < in.length; i++) {
            if (in[i].startsWith("crop=")) {
                String rows = in[i].substring(5).split(",")[0];
                String[] r = rows.split(":");
                image = SamFamilyPacks.rows(image, Integer.parseInt(r[0]), Integer.parseInt(r[1]));
            }
        }
        return image;
    }

    private static void encoderCase(Family f, Path golden, Case c, RgbImage image) {
        ImageEncoder encoder = pack(f).imageEncoder();
        assertEquals(f.dialect, encoder.dialect());
        ImageEmbedding e = encoder.encode(image);
        String[] out = c.line("out", "image_embeddings");
        List<Long> shape = new ArrayList<>();
        float[] expected = SamFamilyPacks.readNpy(golden.resolve(out[2]), shape);
        assertEquals(List.of(1L, (long) e.channels(), (long) e.gridHeight(), (long) e.gridWidth()), shape, c.name() + " shape");
        assertClose(c.name() + " image_embeddings", expected, e.copyFeatures(), Double.parseDouble(out[3]), Double.parseDouble(out[4]));
    }

    private static ImageEmbedding embedding(Family f, Path golden, Case c, ResizeGeometry g) {
        String[] in = c.line("in", "image_embeddings");
        float[] features = SamFamilyPacks.readNpy(golden.resolve(in[2]), new ArrayList<>());
        return new ImageEmbedding(pack(f).id(), 256, 64, 64, features, g);
    }

    /** The literal values of an {@code in NAME vals DIMS VALUES} or {@code outvals NAME DIMS VALUES …} line. */
    private static float[] vals(String[] line) {
        String[] v = line[line[0].equals("outvals") ? 3 : 4].split(",");
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.parseFloat(v[i]);
        }
        return out;
    }

    /** Points and labels (original pixels) as a Findling prompt: labels 2 and 3 are the box corners. */
    private static DecoderPrompt prompt(float[] xy, float[] labels) {
        List<PointPrompt> points = new ArrayList<>();
        BoxPrompt box = null;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 2f) {
                box = new BoxPrompt(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]);
                i++;
            } else {
                points.add(new PointPrompt(xy[2 * i], xy[2 * i + 1], labels[i] == 1f));
            }
        }
        return new DecoderPrompt(points, box, null, null);
    }

    private static void efficientSamDecoderCase(Path golden, Case c) {
        float[] size = vals(c.line("in", "orig_im_size"));
        ResizeGeometry g = ResizeGeometry.stretched((int) size[0], (int) size[1], 1024);
        MaskDecoder decoder = pack(Family.EFFICIENTSAM).promptDecoder();
        assertEquals("efficientsam", decoder.dialect());
        DecoderResult r = decoder.decode(embedding(Family.EFFICIENTSAM, golden, c, g),
                prompt(vals(c.line("in", "batched_point_coords")), vals(c.line("in", "batched_point_labels"))));
        assertEquals(3, r.candidateCount());
        String[] iou = c.line("outvals", "iou_predictions");
        assertClose(c.name() + " iou_predictions", vals(iou), r.iouPredictions(), Double.parseDouble(iou[4]), Double.parseDouble(iou[5]));
        String[] low = c.all("out").get(0);
        assertLowRes(golden, c, low, r);
        for (String[] check : c.all("outiou")) {
            int plane = Integer.parseInt(check[2]);
            assertIou(c.name() + " output_masks[" + plane + "]", golden.resolve(check[3]), r.mask(plane), Double.parseDouble(check[6]));
        }
    }

    private static void edgeSamDecoderCase(Path golden, Case c) throws IOException {
        String image = c.name().contains("cat01crop") ? "cat01crop" : "cat01";
        String kind = c.name().endsWith("box") ? "box" : "point";
        JsonNode info = new ObjectMapper().readTree(golden.resolve(image).resolve("image.json").toFile());
        ResizeGeometry g = ResizeGeometry.of(info.get("image_size_hw").get(0).asInt(), info.get("image_size_hw").get(1).asInt(), 1024);
        Path caseDir = golden.resolve(image).resolve("decoder_stability_" + kind);
        JsonNode json = new ObjectMapper().readTree(caseDir.resolve("case.json").toFile());
        JsonNode original = json.get("prompt_original_pixels").get(0);
        float[] xy = new float[original.size() * 2];
        for (int i = 0; i < original.size(); i++) {
            xy[2 * i] = (float) original.get(i).get(0).asDouble();
            xy[2 * i + 1] = (float) original.get(i).get(1).asDouble();
        }
        float[] labels = vals(c.line("in", "point_labels"));
        // The dialect's frame: Findling maps original pixels to what EdgeSAM's apply_coords fed the graph.
        float[] frame = vals(c.line("in", "point_coords"));
        for (int i = 0; i < labels.length; i++) {
            assertEquals(frame[2 * i], g.xToInputFrame(xy[2 * i]), 1e-3, c.name() + " x in the 1024 frame");
            assertEquals(frame[2 * i + 1], g.yToInputFrame(xy[2 * i + 1]), 1e-3, c.name() + " y in the 1024 frame");
        }
        MaskDecoder decoder = pack(Family.EDGESAM).promptDecoder();
        assertEquals("edgesam", decoder.dialect());
        DecoderResult r = decoder.decode(embedding(Family.EDGESAM, golden, c, g), prompt(xy, labels));
        assertEquals(4, r.candidateCount());
        assertEquals(DecoderResult.ScoreKind.STABILITY, r.layout().scoreKind());
        String[] scores = c.line("outvals", "scores");
        assertClose(c.name() + " scores", vals(scores), r.iouPredictions(), Double.parseDouble(scores[4]), Double.parseDouble(scores[5]));
        assertLowRes(golden, c, c.line("out", "masks"), r);
        // EdgeSAM's demo: a box takes the single-mask token, clicks the best stability score.
        int best = kind.equals("box") ? 0 : r.bestIndex();
        assertEquals(json.get("best").get("index").asInt(), best, c.name() + " best index");
        assertIou(c.name() + " best mask", caseDir.resolve("best_mask.png"), r.mask(best), 0.999);
    }

    private static void assertLowRes(Path golden, Case c, String[] out, DecoderResult r) {
        List<Long> shape = new ArrayList<>();
        float[] expected = SamFamilyPacks.readNpy(golden.resolve(out[2]), shape);
        assertEquals(List.of(1L, (long) r.candidateCount(), 256L, 256L), shape, c.name() + " low-res shape");
        float[] actual = new float[expected.length];
        for (int i = 0; i < r.candidateCount(); i++) {
            System.arraycopy(r.lowResLogits(i), 0, actual, i * 65536, 65536);
        }
        assertClose(c.name() + " low-res logits", expected, actual, Double.parseDouble(out[3]), Double.parseDouble(out[4]));
    }

    static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
            if (!(excess <= 0) && (worstAt < 0 || excess > worst)) {
                worst = excess;
                worstAt = i;
            }
        }
        if (worstAt >= 0) {
            fail(what + ": element " + worstAt + " is " + actual[worstAt] + " but the golden is " + expected[worstAt]
                    + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }

    static void assertIou(String what, Path png, BinaryMask mask, double minIou) {
        int[] size = new int[2];
        boolean[] expected = SamFamilyPacks.readMask(png, size);
        assertEquals(size[0] + "×" + size[1], mask.width() + "×" + mask.height(), what + " size");
        long inter = 0;
        long union = 0;
        for (int y = 0; y < size[1]; y++) {
            for (int x = 0; x < size[0]; x++) {
                boolean a = expected[y * size[0] + x];
                boolean b = mask.get(x, y);
                inter += a && b ? 1 : 0;
                union += a || b ? 1 : 0;
            }
        }
        double iou = union == 0 ? 1 : inter / (double) union;
        assertTrue(iou >= minIou, what + ": IoU " + iou + " with the golden mask, below " + minIou);
    }
}
