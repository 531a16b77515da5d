package dev.findling.models.clip;

import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Checksums;
import dev.findling.models.pack.DerivedHeads;
import dev.findling.models.pack.PackVerifier;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.pack.VerificationReport;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import dev.findling.models.testing.RealArchPack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Findling's CLIP side on the real-arch pack (tiny CLIP, random weights) against the goldens of openai/CLIP and
 * MaskCLIP: the image preprocessing, the image embedder, the text encoder and the derived dense head.
 */
class RealArchClipTest {
    /** README "Tolerances": CLIP outputs atol 1e-4 + rtol 1e-3. */
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-3;

    @TempDir
    static Path temp;
    private static ModelPack pack;

    @BeforeAll
    static void open() {
        pack = ModelPack.open(RealArchPack.create(temp.resolve("pack"), "maskclip"), ExecutionSettings.defaults());
    }

    @AfterAll
    static void close() {
        if (pack != null) {
            pack.close();
        }
    }

    private static RgbImage png(String relative) {
        return ImageDecoder.read(RealArchFixtures.file(relative), ImageLimits.DEFAULT);
    }

    @Test
    void imageEmbedderReproducesTheGoldenImageEmbeds() {
        // pixels_224.png is CLIP's resized and cropped image, so Findling's resize and crop are the identity here.
        float[] embeds = pack.imageEmbedder().orElseThrow().embed(png("golden/clip/vision/cat00/pixels_224.png"));
        RealArchFixtures.npy("golden/clip/vision/cat00/image_embeds.npy").assertClose(embeds, ATOL, RTOL, "image_embeds");
    }

    @Test
    void preprocessingOfThe224PixelImageIsTheGoldenPixelValues() {
        ClipImagePreprocessor p = new ClipImagePreprocessor(Preprocessing.clip(224));
        FloatBuffer values = p.preprocess(png("golden/clip/vision/cat00/pixels_224.png"));
        float[] actual = new float[values.remaining()];
        values.get(actual);
        float[] expected = RealArchFixtures.clipPixelValues(RealArchFixtures.file("golden/clip/vision/cat00/pixels_224.png"));
        assertArrayEquals(expected, actual, 0f, "pixel_values must equal the README's formula bit for bit");
    }

    /**
     * From the original JPEG: PIL's antialiased bicubic resize and centre crop, which Findling reimplements. A Java
     * JPEG decoder may differ from libjpeg-turbo by ±1 level (README "Quirks"), and the resampler's float
     * keeps floats where Pillow rounds each pass to 8 bits (up to half a level), so the check is under 1.5 grey
     * levels everywhere and a small mean difference.
     */
    @Test
    void preprocessingOfTheOriginalPhotoMatchesClipsTransform() {
        Path jpeg = RealArchFixtures.dir().resolve("../perseg-examples/cat/00.jpg").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jpeg), jpeg + " is absent; skipping");
        ClipImagePreprocessor p = new ClipImagePreprocessor(Preprocessing.clip(224));
        FloatBuffer values = p.preprocess(ImageDecoder.read(jpeg, ImageLimits.DEFAULT));
        float[] expected = RealArchFixtures.clipPixelValues(RealArchFixtures.file("golden/clip/vision/cat00/pixels_224.png"));
        double total = 0;
        for (int i = 0; i < expected.length; i++) {
            float std = Preprocessing.CLIP_PIXEL_STD[i / (224 * 224)];
            float levels = Math.abs(values.get(i) - expected[i]) * std * 255f;
            assertTrue(levels < 1.5f, "value " + i + " differs by " + levels + " grey levels");
            total += levels;
        }
        double mean = total / expected.length;
        assertTrue(mean < 0.35, "mean difference " + mean + " grey levels");
    }

    @Test
    void textEncoderReproducesTheGoldenTextEmbeds() {
        NpyArray ids = RealArchFixtures.npy("golden/clip/text/dog77/input_ids.npy");
        int[] tokenIds = new int[ids.longs().length];
        for (int i = 0; i < tokenIds.length; i++) {
            tokenIds[i] = (int) ids.longs()[i];
        }
        float[] embeds = pack.textEncoder().orElseThrow().encode(tokenIds);
        RealArchFixtures.npy("golden/clip/text/dog77/text_embeds.npy").assertClose(embeds, ATOL, RTOL, "text_embeds");
    }

    /** One window over the 224-pixel image is exactly MaskCLIP's setting: the grid equals the golden features. */
    @Test
    void derivedHeadThroughOneWindowReproducesMaskClipFeatures() throws Exception {
        assertEquals("dense-clip", pack.denseEncoder().orElseThrow().dialect());
        DenseFeatures f = RealArchPack.oneWindow(pack, png("golden/clip/vision/cat00/pixels_224.png"));
        assertEquals(14, f.gridHeight());
        float[] rows = new float[196 * 512];
        for (int d = 0; d < 512; d++) {
            for (int cell = 0; cell < 196; cell++) {
                rows[cell * 512 + d] = f.value(d, cell / 14, cell % 14);
            }
        }
        RealArchFixtures.npy("golden/clip/vision/cat00/maskclip_patch_features.npy").assertClose(rows, ATOL, RTOL, "dense features");
    }

    @Test
    void slidingWindowsCoverAnyImageSizeWithOneGridOverTheFrame() {
        DenseEncoder dense = pack.denseEncoder().orElseThrow();
        RgbImage photo = ImageDecoder.read(RealArchFixtures.dir().resolve("../perseg-examples/cat/01.jpg").normalize(),
                ImageLimits.DEFAULT);
        DenseFeatures f = dense.encode(photo);
        assertEquals(448 / 16, f.gridHeight());
        assertEquals(448 / 16, f.gridWidth());
        assertEquals(photo.width(), f.geometry().originalWidth());
        assertTrue(dense.runsFor(photo.width(), photo.height()) >= 4);
        assertEquals(9, dense.runsFor(800, 800));
        assertEquals(6, dense.runsFor(800, 600));
    }

    @Test
    void derivedHeadIsMadeOnceBesideThePackKeyedByTheSourceHash() throws Exception {
        Path derivedDir = temp.resolve("pack").resolve(DerivedHeads.DIRECTORY);
        List<Path> heads;
        try (Stream<Path> files = Files.walk(derivedDir)) {
            heads = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, heads.size(), heads.toString());
        Path head = heads.get(0);
        String sourceSha = Checksums.sha256(RealArchFixtures.file("clip_vision_tiny.onnx"));
        assertEquals(sourceSha, head.getParent().getFileName().toString());
        assertTrue(head.getFileName().toString().startsWith("dense-clip-maskclip-v"));
        FileTime made = Files.getLastModifiedTime(head);
        Thread.sleep(20);
        try (ModelPack again = ModelPack.open(temp.resolve("pack"), ExecutionSettings.defaults())) {
            assertTrue(again.denseEncoder().isPresent());
        }
        assertEquals(made, Files.getLastModifiedTime(head), "a second load must reuse the derived head");

        VerificationReport report = PackVerifier.verify(temp.resolve("pack"));
        assertTrue(report.ok(), report.toText());
        assertTrue(report.toText().contains("derived by Findling (maskclip)"), report.toText());
    }
}
