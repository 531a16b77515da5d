package dev.findling.semantic;

import dev.findling.models.ModelPack;
import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.NpyArray;
import dev.findling.models.testing.RealArchFixtures;
import dev.findling.models.testing.RealArchPack;
import dev.findling.semantic.tokenizer.ClipTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text-prompted segmentation on the real-arch pack: MobileSAM and SAM's decoder with the tiny CLIP and the dense
 * head Findling derives from it (random weights, so the masks are noise; these tests prove the wiring and the
 * numerics against the goldens, not quality).
 */
class RealArchSegmentationTest {
    /** README "Tolerances": CLIP outputs atol 1e-4 + rtol 1e-3. */
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-3;

    @TempDir
    static Path temp;
    private static ModelPack pack;
    private static SemanticSegmenter segmenter;

    @BeforeAll
    static void open() {
        pack = ModelPack.open(RealArchPack.create(temp.resolve("pack"), "maskclip"), ExecutionSettings.defaults());
        segmenter = SemanticSegmenter.forPack(pack);
    }

    @AfterAll
    static void close() {
        if (pack != null) {
            pack.close();
        }
    }

    private static RgbImage image(String relative) {
        return ImageDecoder.read(RealArchFixtures.dir().resolve(relative).normalize(), ImageLimits.DEFAULT);
    }

    @Test
    void tokenizerAndTextEncoderReproduceTheGoldenTextEmbeds() {
        ClipTokenizer tokenizer = segmenter.tokenizer();
        int[] ids = tokenizer.encode("a photo of a dog");
        long[] golden = RealArchFixtures.npy("golden/clip/text/dog77/input_ids.npy").longs();
        assertArrayEquals(golden, java.util.Arrays.stream(ids).asLongStream().toArray());
        float[] embeds = pack.textEncoder().orElseThrow().encode(ids);
        RealArchFixtures.npy("golden/clip/text/dog77/text_embeds.npy").assertClose(embeds, ATOL, RTOL, "text_embeds");
    }

    /**
     * MaskCLIP's patch-to-text cosines for "a photo of a dog" / "a photo of a cat": Findling's tokenizer, text
     * encoder, derived dense head (one 224-pixel window) and patch similarity, end to end.
     */
    @Test
    void patchTextCosinesMatchMaskClipsGolden() {
        ClipTokenizer tokenizer = segmenter.tokenizer();
        List<float[]> texts = new java.util.ArrayList<>();
        for (String prompt : List.of("a photo of a dog", "a photo of a cat")) {
            float[] t = pack.textEncoder().orElseThrow().encode(tokenizer.encode(prompt));
            double n = 0;
            for (float v : t) {
                n += v * v;
            }
            for (int i = 0; i < t.length; i++) {
                t[i] /= (float) Math.sqrt(n);
            }
            texts.add(t);
        }
        DenseFeatures f = pack.denseEncoder().orElseThrow().encode(image("golden/clip/vision/cat00/pixels_224.png"));
        // The default frame (448) resizes the 224-pixel image 2×; compare on the grid of one window instead.
        DenseFeatures oneWindow = RealArchPack.oneWindow(pack, image("golden/clip/vision/cat00/pixels_224.png"));
        float[][] cos = PatchSimilarity.cosines(oneWindow, texts);
        NpyArray golden = RealArchFixtures.npy("golden/clip/vision/cat00/maskclip_cos_vs_dog_cat.npy");
        float[] rows = new float[196 * 2];
        for (int p = 0; p < 196; p++) {
            rows[p * 2] = cos[0][p];
            rows[p * 2 + 1] = cos[1][p];
        }
        golden.assertClose(rows, ATOL, RTOL, "cosines vs dog / cat");
        assertEquals(28, f.gridHeight());
    }

    @Test
    void coarseAndRefinedModesRunOnAPhotoOfAnySize() {
        RgbImage photo = image("../perseg-examples/cat/01.jpg");
        for (SegmentationMode mode : SegmentationMode.values()) {
            SemanticSegmentation r = segmenter.segment(photo, "dog, cat", mode);
            assertEquals(RealArchPack.ID, r.packId());
            assertEquals(List.of("dog", "cat"), r.classes().stream().map(ClassSegment::name).toList());
            assertEquals(photo.width(), r.labels().width());
            assertEquals(photo.height(), r.labels().height());
            assertTrue(r.timings().denseHead().toNanos() > 0, mode + ": the dense head ran");
            if (mode == SegmentationMode.REFINED) {
                assertTrue(r.timings().imageEncoder().toNanos() > 0, "refined mode runs MobileSAM");
            } else {
                assertEquals(0, r.timings().imageEncoder().toNanos(), "coarse mode needs no SAM embedding");
            }
        }
    }
}
