package dev.findling.personalize.find;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.PerSamResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The find use case over generated photos, with the reference pack's real sessions. */
class ConceptFindTest {
    static final int W = 320;
    static final int H = 240;

    @TempDir
    static Path dir;
    static Path out;
    static FindReport report;
    static BinaryMask presentTruth;
    static ConceptFind find;

    @BeforeAll
    static void findInAFolder() throws IOException {
        PerSam perSam = new PerSam(ReferencePackFixture.pack(), PerSamOptions.defaults());
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(W, H, 1);
        Path refImage = Files.write(dir.resolve("disc.png"), PngWriter.rgb(ref.image()));
        Path refMask = Files.write(dir.resolve("disc-mask.png"), MaskImages.toPng(ref.disc()));

        SyntheticScenes.Scene present = SyntheticScenes.render(SyntheticScenes.standard(W, H, 2).withDisc(100, 120, 48));
        presentTruth = present.disc();
        Path in = Files.createDirectories(dir.resolve("in"));
        Path a = Files.write(in.resolve("a.png"), PngWriter.rgb(present.image()));
        Path absent = Files.write(in.resolve("absent.png"),
                PngWriter.rgb(SyntheticScenes.render(SyntheticScenes.standard(W, H, 4).withoutDisc()).image()));
        byte[] png = PngWriter.rgb(present.image());
        Path broken = Files.write(in.resolve("broken.png"), Arrays.copyOf(png, png.length / 3));
        // Same stem as a.png in another case: must not overwrite its files on a case-insensitive file system.
        Path sameStem = Files.write(Files.createDirectories(in.resolve("more")).resolve("A.png"), PngWriter.rgb(present.image()));

        out = dir.resolve("out");
        // What an earlier run into the same folder left for an image that no longer contains the concept.
        Files.createDirectories(out);
        Files.writeString(out.resolve("absent.mask.png"), "stale");

        find = ConceptFind.start(perSam, new ConceptFind.Reference(refImage, refMask, false), out);
        for (Path file : List.of(a, absent, broken, sameStem)) {
            find.inFile(file);
        }
        report = find.finish("reference pack", Map.of("extra", Map.of("note", "kept")), 0);
    }

    @Test
    void writesTheMaskCutoutAndRleWhereTheConceptIsFound() throws IOException {
        FoundImage a = report.images().get(0);
        assertTrue(a.found());
        assertEquals(new FoundFiles("a.mask.png", "a.cutout.png", "a.rle.json"), a.files().orElseThrow());
        BinaryMask written = MaskImages.read(out.resolve("a.mask.png"), ImageLimits.DEFAULT);
        assertTrue(written.iou(presentTruth) > 0.8, "IoU against the drawn disc: " + written.iou(presentTruth));
        assertEquals(CocoRle.encode(written).toJson(), Files.readString(out.resolve("a.rle.json")));
        assertTrue(Files.size(out.resolve("a.cutout.png")) > 0);
    }

    @Test
    void writesNothingWhereItIsAbsentAndRemovesAnEarlierRunsFiles() {
        FoundImage absent = report.images().get(1);
        assertFalse(absent.found());
        assertFalse(absent.failed());
        assertTrue(absent.files().isEmpty());
        assertFalse(Files.exists(out.resolve("absent.mask.png")), "a stale mask would claim the concept is there");
    }

    @Test
    void aBrokenFileIsReportedAndTheRunGoesOn() {
        FoundImage broken = report.images().get(2);
        assertTrue(broken.failed());
        assertNotNull(broken.error());
        assertTrue(report.images().get(3).found(), "the image after the broken one was still searched");
        assertEquals(2, report.found());
        assertEquals(1, report.notFound());
        assertEquals(1, report.failed());
    }

    @Test
    void outputStemsNeverCollideAcrossFoldersOrCase() {
        assertEquals("A-2.mask.png", report.images().get(3).files().orElseThrow().mask());
        assertTrue(Files.exists(out.resolve("A-2.mask.png")));
    }

    @Test
    void timingsSayWhereTheTimeWent() {
        FoundImage a = report.images().get(0);
        assertTrue(a.result().timings().imageEncoderNanos() > 0, "PerSAM encoded the file itself");
        assertTrue(a.timings().totalMillis() >= a.timings().encodeMillis() + a.timings().segmentMillis());
    }

    @Test
    void theSummaryListsEveryImageWithTheRunsSettings() throws IOException {
        JsonNode summary = new ObjectMapper().readTree(report.summary().toFile());
        assertEquals(out.resolve(ConceptFind.SUMMARY), report.summary());
        assertEquals(ReferencePackFixture.pack().id(), summary.path("packId").asText());
        assertEquals(PerSamOptions.DEFAULT_PRESENCE_THRESHOLD, summary.path("presenceThreshold").asDouble());
        assertEquals("kept", summary.path("extra").path("note").asText());
        JsonNode images = summary.path("images");
        assertEquals(4, images.size());
        assertEquals("a.mask.png", images.get(0).path("outputs").path("mask").asText());
        assertEquals(1, images.get(0).path("instances").size());
        assertTrue(images.get(0).path("timings").has("encodeMillis"));
        assertTrue(images.get(2).has("error"));
        assertEquals(2, summary.path("found").asInt());
        assertEquals(1, summary.path("notFound").asInt());
        assertEquals(1, summary.path("failed").asInt());
    }

    @Test
    void anImageAlreadySearchedIsOnlyDecodedForItsFiles() throws IOException {
        SyntheticScenes.Scene scene = SyntheticScenes.render(SyntheticScenes.standard(W, H, 7).withDisc(150, 100, 44));
        PerSamResult searched = find.perSam().segment(find.concept(), scene.image());
        FoundImage image = find.inImage("photos/library-hit.jpg", "img-1", scene::image, () -> searched);
        assertSame(searched, image.result(), "the library's answer is written, PerSAM does not run again");
        assertEquals(searched.mask(), MaskImages.read(out.resolve("library-hit.mask.png"), ImageLimits.DEFAULT));
        assertEquals("img-1", image.imageId());
        assertEquals("library-hit.mask.png", image.files().orElseThrow().mask());
    }
}
