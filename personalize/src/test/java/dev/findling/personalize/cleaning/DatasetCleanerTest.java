package dev.findling.personalize.cleaning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.jobs.JobCancelledException;
import dev.findling.jobs.JobLifecycle;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cleaner on a generated training set, with the reference pack's real ONNX sessions. */
class DatasetCleanerTest {
    static final int W = 320;
    static final int H = 240;

    @TempDir
    static Path dir;
    static Path input;
    static Path output;
    static CleaningReport report;
    static Map<String, BinaryMask> truth = new TreeMap<>();
    static Concept concept;

    @BeforeAll
    static void cleanAGeneratedSet() throws IOException {
        PerSam perSam = new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults());
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(W, H, 1);
        concept = perSam.createConcept("red disc", ref.image(), ref.disc(), false);

        input = Files.createDirectories(dir.resolve("in"));
        // Two photos of the subject, one with a caption as DreamBooth sets have them.
        SyntheticScenes.Scene a = SyntheticScenes.render(SyntheticScenes.standard(W, H, 2).withDisc(100, 120, 48));
        SyntheticScenes.Scene b = SyntheticScenes.render(SyntheticScenes.standard(W, H, 3).withDisc(210, 110, 40)
                .withSquare(20, 30, 60));
        write("a-subject.png", a.image());
        Files.writeString(input.resolve("a-subject.txt"), "a photo of sks disc", StandardCharsets.UTF_8);
        write("b-subject.png", b.image());
        truth.put("a-subject.png", a.disc());
        truth.put("b-subject.png", b.disc());
        // Subject absent; subject tiny; subject twice; a damaged file; a file that is not an input at all.
        write("c-absent.png", SyntheticScenes.render(SyntheticScenes.standard(W, H, 4).withoutDisc()).image());
        write("d-tiny.png", SyntheticScenes.render(SyntheticScenes.standard(W, H, 5).withDisc(90, 110, 13)).image());
        write("e-twice.png", twoDiscs(6));
        byte[] png = PngWriter.rgb(a.image());
        Files.write(input.resolve("f-broken.png"), Arrays.copyOf(png, png.length / 3));
        Files.writeString(input.resolve("notes.md"), "not an image");

        output = dir.resolve("out");
        List<String> events = new ArrayList<>();
        report = new DatasetCleaner(perSam, CleaningOptions.defaults().withSquareCrops(true))
                .clean(concept, TrainingImages.fromFolder(input, false), output, new CleaningListener() {
                    @Override
                    public void starting(int index, int total, TrainingImage image) {
                        events.add("start " + index + "/" + total + " " + image.file());
                    }

                    @Override
                    public void finished(int index, int total, CleaningRecord record) {
                        events.add("done " + index + "/" + total);
                    }
                });
        assertEquals(12, events.size(), events.toString());
        assertEquals("start 0/6 a-subject.png", events.get(0));
        assertEquals("done 5/6", events.get(11));
    }

    @Test
    void everyImageGetsTheDecisionItCalls() {
        Map<String, String> decisions = new TreeMap<>();
        for (CleaningRecord r : report.records()) {
            decisions.put(r.file(), r.kept() ? "kept" : r.reasonCode() + " (score " + r.score() + ", area "
                    + r.maskAreaRatio() + ", instances " + r.instances() + ")");
        }
        assertEquals("kept", decisions.get("a-subject.png"), decisions.toString());
        assertEquals("kept", decisions.get("b-subject.png"), decisions.toString());
        assertTrue(decisions.get("c-absent.png").startsWith("absent"), decisions.toString());
        assertTrue(decisions.get("d-tiny.png").startsWith("too-small"), decisions.toString());
        assertTrue(decisions.get("e-twice.png").startsWith("ambiguous"), decisions.toString());
        assertTrue(decisions.get("f-broken.png").startsWith("unreadable"), decisions.toString());
        assertEquals(6, report.records().size(), "notes.md is not an input");
        assertEquals(2, report.keptCount());
    }

    @Test
    void keptImagesHaveEveryOutputWithTheSubjectsMask() throws IOException {
        for (String name : List.of("a-subject.png", "b-subject.png")) {
            String stem = name.substring(0, name.length() - 4);
            Raster mask = ImageIO.read(output.resolve("masks/" + stem + ".png").toFile()).getRaster();
            assertEquals(1, mask.getNumBands());
            BinaryMask found = BinaryMask.empty(W, H);
            byte[] bits = new byte[W * H];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int v = mask.getSample(x, y, 0);
                    assertTrue(v == 0 || v == 255, "mask value " + v);
                    bits[y * W + x] = (byte) (v == 255 ? 1 : 0);
                }
            }
            found = BinaryMask.wrap(W, H, bits);
            assertTrue(found.iou(truth.get(name)) > 0.85, name + " IoU " + found.iou(truth.get(name)));

            BufferedImage cutout = ImageIO.read(output.resolve("cutouts/" + stem + ".png").toFile());
            assertEquals(4, cutout.getRaster().getNumBands());
            BufferedImage maskedLoss = ImageIO.read(output.resolve("masked-loss/" + name).toFile());
            BufferedImage onWhite = ImageIO.read(output.resolve("on-white/" + stem + ".png").toFile());
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int m = mask.getSample(x, y, 0);
                    assertEquals(m, cutout.getRaster().getSample(x, y, 3), "alpha at " + x + "," + y);
                    assertEquals(m, maskedLoss.getRaster().getSample(x, y, 0), "kohya R at " + x + "," + y);
                    if (m == 0) {
                        assertEquals(0xFFFFFF, onWhite.getRGB(x, y) & 0xFFFFFF);
                    }
                }
            }
            PixelBox expectedCrop = Cutouts.cropBox(found, CleaningOptions.DEFAULT_CROP_MARGIN, true).orElseThrow();
            BufferedImage crop = ImageIO.read(output.resolve("crops/" + stem + ".png").toFile());
            assertEquals(expectedCrop.width(), crop.getWidth());
            assertEquals(expectedCrop.height(), crop.getHeight());
            assertEquals(crop.getWidth(), crop.getHeight(), "square crop");
            assertTrue(Arrays.equals(Files.readAllBytes(input.resolve(name)), Files.readAllBytes(output.resolve("images/" + name))));
        }
        assertEquals("a photo of sks disc", Files.readString(output.resolve("images/a-subject.txt")));
    }

    @Test
    void rejectedImagesWriteNothing() throws IOException {
        try (var files = Files.walk(output)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> output.relativize(p).toString()).toList();
            for (String rejected : List.of("c-absent", "d-tiny", "e-twice", "f-broken")) {
                assertTrue(names.stream().noneMatch(n -> n.contains(rejected)), rejected + " in " + names);
            }
            assertEquals(2 + 2 * 6 + 1, names.size(), names.toString()); // manifests, 6 outputs each, one caption
        }
    }

    @Test
    void manifestJsonAndCsvDescribeEveryInput() throws IOException {
        JsonNode json = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
        assertTrue(json.isArray());
        assertEquals(6, json.size());
        JsonNode kept = json.get(0);
        assertEquals("a-subject.png", kept.get("file").asText());
        assertTrue(kept.get("kept").asBoolean());
        assertTrue(kept.get("reason").isNull());
        assertTrue(kept.get("score").asDouble() >= PerSamOptions.DEFAULT_PRESENCE_THRESHOLD);
        assertEquals(1, kept.get("instances").asInt());
        BinaryMask t = truth.get("a-subject.png");
        PixelBox tb = t.box().orElseThrow();
        assertTrue(Math.abs(kept.get("box").get("x0").asInt() - tb.x0()) <= 4, kept.toString());
        assertTrue(Math.abs(kept.get("maskAreaRatio").asDouble() - t.areaRatio()) < 0.01, kept.toString());
        assertEquals("masked-loss/a-subject.png", kept.get("outputs").get("maskedLoss").asText());
        JsonNode absent = json.get(2);
        assertEquals("absent", absent.get("reason").asText());
        assertTrue(absent.get("box").isNull());
        assertEquals(0, absent.get("instances").asInt());
        JsonNode twice = json.get(4);
        assertEquals("ambiguous", twice.get("reason").asText());
        assertEquals(2, twice.get("instances").asInt());
        JsonNode broken = json.get(5);
        assertEquals("unreadable", broken.get("reason").asText());
        assertFalse(broken.get("error").asText().isBlank());

        List<String> csv = Files.readAllLines(output.resolve("manifest.csv"));
        assertEquals(CleaningManifest.CSV_HEADER, csv.get(0));
        assertEquals(7, csv.size());
        assertTrue(csv.get(1).startsWith("a-subject.png,a-subject.png,true,,"), csv.get(1));
        assertTrue(csv.get(3).startsWith("c-absent.png,c-absent.png,false,absent,"), csv.get(3));
        assertTrue(csv.get(4).startsWith("d-tiny.png,d-tiny.png,false,too-small,"), csv.get(4));
        assertTrue(csv.get(6).startsWith("f-broken.png,,false,unreadable,0.000000,,,,,"), csv.get(6));
    }

    @Test
    void theManifestReadsBackAsTheRunsRecords() throws IOException {
        List<CleaningRecord> read = CleaningManifest.read(output);
        assertEquals(report.records().size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            CleaningRecord a = report.records().get(i);
            CleaningRecord b = read.get(i);
            assertEquals(a.file(), b.file());
            assertEquals(a.outputName(), b.outputName());
            assertEquals(a.kept(), b.kept());
            assertEquals(a.reason(), b.reason());
            assertEquals(a.box(), b.box());
            assertEquals(a.score(), b.score(), 1e-6);
            assertEquals(a.maskAreaRatio(), b.maskAreaRatio(), 1e-6);
            assertEquals(List.of(a.instances(), a.width(), a.height()), List.of(b.instances(), b.width(), b.height()));
            assertEquals(a.error(), b.error());
        }
        assertThrows(IOException.class, () -> CleaningManifest.read(input), "no manifest there");
    }

    @Test
    void aFolderWithOtherFilesIsNotOverwritten(@TempDir Path other) throws IOException {
        Files.writeString(other.resolve("keep-me.txt"), "mine");
        DatasetCleaner cleaner = new DatasetCleaner(new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults()),
                CleaningOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cleaner.clean(concept, List.of(), other, null));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(other.resolve("keep-me.txt")));
    }

    @Test
    void cancellationStopsBetweenImagesAndKeepsTheManifestSoFar(@TempDir Path out) throws IOException {
        DatasetCleaner cleaner = new DatasetCleaner(new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults()),
                CleaningOptions.defaults());
        List<TrainingImage> images = TrainingImages.fromFolder(input, false);
        JobLifecycle job = new JobLifecycle("c1", Clock.systemUTC(), null);
        job.start();
        assertThrows(JobCancelledException.class, () -> cleaner.clean(concept, images, out.resolve("run"), job,
                new CleaningListener() {
                    @Override
                    public void finished(int index, int total, CleaningRecord record) {
                        job.cancel();
                    }
                }));
        assertEquals(1, job.snapshot().done());
        assertEquals(images.size(), job.snapshot().total());
        assertEquals(1, new ObjectMapper().readTree(out.resolve("run/manifest.json").toFile()).size());
    }

    @Test
    void aPauseHoldsTheRunBetweenImagesWithTheManifestSoFarWrittenAndResumeFinishesIt(@TempDir Path out)
            throws Exception {
        DatasetCleaner cleaner = new DatasetCleaner(new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults()),
                CleaningOptions.defaults());
        List<TrainingImage> images = TrainingImages.fromFolder(input, false);
        List<String> states = new CopyOnWriteArrayList<>();
        JobLifecycle job = new JobLifecycle("p1", Clock.systemUTC(), (j, changed) -> {
            if (changed) {
                states.add(j.state().code());
            }
        });
        job.start();
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicReference<CleaningReport> result = new AtomicReference<>();
        Thread run = new Thread(() -> result.set(cleaner.clean(concept, images, out.resolve("run"), job,
                new CleaningListener() {
                    @Override
                    public void starting(int index, int total, TrainingImage image) {
                        if (index == 1) {
                            secondStarted.countDown();
                        }
                    }

                    @Override
                    public void finished(int index, int total, CleaningRecord record) {
                        if (index == 1) {
                            job.pause();
                        }
                    }
                })));
        run.start();
        assertTrue(secondStarted.await(60, TimeUnit.SECONDS));
        Path manifest = out.resolve("run/manifest.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(manifest) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        assertTrue(run.isAlive(), "the run is held");
        assertEquals(2, new ObjectMapper().readTree(manifest.toFile()).size(), "the images done before the pause");
        assertEquals(2, job.snapshot().done());
        job.resume();
        run.join(60_000);
        assertEquals(images.size(), result.get().records().size());
        assertEquals(images.size(), new ObjectMapper().readTree(manifest.toFile()).size());
        assertEquals(List.of("running", "paused", "running"), states);
        assertTrue(job.snapshot().messages().contains("c-absent.png: absent"), job.snapshot().messages().toString());
    }

    @Test
    void aFineTunedConceptCleansTheSameWayAndReplacesAnEarlierRun(@TempDir Path out) throws IOException {
        PerSam perSam = new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults());
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(W, H, 1);
        Concept fineTuned = perSam.createConcept("red disc", ref.image(), ref.disc(), true);
        DatasetCleaner cleaner = new DatasetCleaner(perSam, CleaningOptions.defaults());
        List<TrainingImage> subjectAndAbsent = TrainingImages.fromFolder(input, false).stream()
                .filter(i -> i.file().startsWith("a-") || i.file().startsWith("c-")).toList();
        Path run = out.resolve("run");
        List<TrainingImage> onlyB = TrainingImages.fromFolder(input, false).stream()
                .filter(i -> i.file().startsWith("b-")).toList();
        assertTrue(cleaner.clean(fineTuned, onlyB, run, null).records().get(0).kept());
        Files.writeString(run.resolve("masks/stale.png"), "from an earlier run");
        CleaningReport again = cleaner.clean(fineTuned, subjectAndAbsent, run, null);
        assertEquals(List.of(true, false), again.records().stream().map(CleaningRecord::kept).toList(),
                again.records().toString());
        assertEquals("absent", again.records().get(1).reasonCode());
        assertFalse(Files.exists(run.resolve("masks/stale.png")), "an earlier run's files are replaced");
        assertFalse(Files.exists(run.resolve("masks/b-subject.png")));
        assertTrue(Files.exists(run.resolve("masks/a-subject.png")));
    }

    @Test
    void outputNamesStayUniqueAcrossExtensionsAndCase() {
        var names = new dev.findling.models.image.OutputNames();
        assertEquals("a.jpg", names.unique("a.jpg"));
        assertEquals("a-2.png", names.unique("a.png"));
        assertEquals("A-3.JPG", names.unique("A.JPG"));
        assertEquals("A-4", names.uniqueStem("A.webp"));
        assertEquals(".hidden", dev.findling.models.image.OutputNames.stem(".hidden"));
        assertNull(new CleaningRecord("x.jpg", null, false, java.util.Optional.of(RejectionReason.UNREADABLE), 0,
                null, 0, 0, 0, 0, "bad").outputStem());
    }

    private static void write(String name, RgbImage image) throws IOException {
        Files.write(input.resolve(name), PngWriter.rgb(image));
    }

    /** The standard scene's subject twice: a second disc copied from a scene that has it elsewhere. */
    private static RgbImage twoDiscs(long seed) {
        SyntheticScenes.Scene left = SyntheticScenes.render(SyntheticScenes.standard(W, H, seed).withDisc(80, 120, 42));
        SyntheticScenes.Scene right = SyntheticScenes.render(SyntheticScenes.standard(W, H, seed).withDisc(240, 120, 42)
                .withSquare(0, 0, 0));
        byte[] px = left.image().copyPixels();
        byte[] other = right.image().copyPixels();
        for (int i = 0; i < W * H; i++) {
            if (right.disc().get(i)) {
                System.arraycopy(other, 3 * i, px, 3 * i, 3);
            }
        }
        return RgbImage.wrap(W, H, px);
    }
}
