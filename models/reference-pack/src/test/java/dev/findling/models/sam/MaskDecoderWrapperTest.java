package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.LoadedPack;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackLoader;
import dev.findling.models.pack.TinyPacks;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.runtime.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each decoder dialect feeds its graph. The tiny decoders echo their inputs:
 * iou_predictions = [Σx, Σy, Σlabel, Σlabel²] over the points (in the model's frame), and every
 * low-res mask = mask_input · has_mask_input (+ Σattn_sim + Σtarget_embedding for persam).
 */
class MaskDecoderWrapperTest {
    @TempDir
    static Path dir;
    private static LoadedPack pack;
    private static MaskDecoder samOnnx;
    private static MaskDecoder persam;
    private static MaskDecoder edgesam;
    private static MaskDecoder efficientVitSam;

    @BeforeAll
    static void load() throws IOException {
        ModelEntry lowRes = new ModelEntry(Dialects.MASK_DECODER, "edgesam", "edgesam.onnx", null, Map.of(),
                Map.of("iou_predictions", "scores", "low_res_masks", "masks"), null, null);
        TinyPacks.write(dir, TinyPacks.manifest("tiny", List.of(
                        TinyPacks.samEncoderEntry("encoder.onnx"),
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "sam.onnx"),
                        TinyPacks.entry(Dialects.MASK_DECODER, "persam", "persam.onnx"),
                        lowRes,
                        new ModelEntry(Dialects.MASK_DECODER, "efficientvit-sam", "edgesam.onnx", null, Map.of(),
                                lowRes.outputs(), null, null))),
                Map.of("encoder.onnx", TinyPacks.encoder("image", false),
                        "sam.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs()),
                        "persam.onnx", TinyPacks.decoder(TinyPacks.persamInputs(), TinyPacks.samOutputs()),
                        "edgesam.onnx", TinyPacks.decoder(TinyPacks.lowResInputs(),
                                Map.of("iou_predictions", "scores", "low_res_masks", "masks"))));
        pack = PackLoader.load(dir, SessionFactory.create(ExecutionSettings.defaults()));
        List<BoundSession> s = pack.entries();
        samOnnx = SamDialects.maskDecoder("tiny", s.get(1));
        persam = SamDialects.maskDecoder("tiny", s.get(2));
        edgesam = SamDialects.maskDecoder("tiny", s.get(3));
        efficientVitSam = SamDialects.maskDecoder("tiny", s.get(4));
    }

    @AfterAll
    static void close() {
        pack.close();
    }

    /** An embedding of a 1920×1080 image in a frame of {@code inputSize}. */
    private static ImageEmbedding embedding(String packId, int inputSize) {
        return new ImageEmbedding(packId, TinyPacks.CHANNELS, TinyPacks.GRID, TinyPacks.GRID,
                new float[TinyPacks.CHANNELS * TinyPacks.GRID * TinyPacks.GRID], ResizeGeometry.of(1080, 1920, inputSize));
    }

    private static final DecoderPrompt CLICK = DecoderPrompt.of(List.of(PointPrompt.positive(960, 540)));

    @Test
    void samOnnxAppendsThePaddingPointWithoutABox() {
        DecoderResult r = samOnnx.decode(embedding("tiny", 1024), CLICK);
        // (960, 540) → (512, 288); padding (0, 0) label −1: Σlabel = 0, Σlabel² = 2.
        assertArrayEquals4(new float[]{512, 288, 0, 2}, r.iouPredictions());
        assertFalse(r.maskInputApplied());
        assertEquals(0f, r.lowResLogits(0)[1234], "absent mask input is zeros with has_mask_input 0");
    }

    @Test
    void samOnnxSendsABoxAsTwoCornersAndNoPadding() {
        DecoderResult r = samOnnx.decode(embedding("tiny", 1024),
                new DecoderPrompt(List.of(PointPrompt.negative(960, 540)), new BoxPrompt(0, 0, 1920, 1080), null, null));
        // Points (512,288) label 0, (0,0) label 2, (1024,576) label 3.
        assertArrayEquals4(new float[]{1536, 864, 5, 13}, r.iouPredictions());
    }

    @Test
    void samOnnxFeedsTheMaskInput() {
        float[] previous = new float[256 * 256];
        Arrays.fill(previous, 3f);
        DecoderResult r = samOnnx.decode(embedding("tiny", 1024), CLICK.withMaskInput(previous));
        assertTrue(r.maskInputApplied());
        assertEquals(3f, r.lowResLogits(2)[777]);
        assertEquals(ResizeGeometry.of(1080, 1920, 1024), r.geometry());
    }

    @Test
    void persamFeedsGuidanceAndSaysSo() {
        float[] attn = new float[TinyPacks.GRID * TinyPacks.GRID];
        Arrays.fill(attn, 0.25f);
        float[] target = {1f, 2f, 3f};
        DecoderResult r = persam.decode(embedding("tiny", 1024), CLICK.withGuidance(new PerSamGuidance(attn, target)));
        assertTrue(r.guidanceApplied());
        assertEquals(16 * 0.25f + 6f, r.lowResLogits(0)[0], 1e-5f);

        DecoderResult plain = persam.decode(embedding("tiny", 1024), CLICK);
        assertFalse(plain.guidanceApplied());
        assertEquals(0f, plain.lowResLogits(0)[0]);
    }

    @Test
    void persamRefusesGuidanceOfTheWrongSize() {
        PerSamGuidance wrong = new PerSamGuidance(new float[4096], new float[256]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> persam.decode(embedding("tiny", 1024), CLICK.withGuidance(wrong)));
        assertTrue(e.getMessage().contains("attn_sim must hold one value per embedding cell (4×4 = 16) but holds 4096"),
                e.getMessage());
    }

    @Test
    void samOnnxIgnoresGuidanceAndSaysSo() {
        float[] attn = new float[16];
        DecoderResult r = samOnnx.decode(embedding("tiny", 1024), CLICK.withGuidance(new PerSamGuidance(attn, new float[3])));
        assertFalse(r.guidanceApplied());
    }

    @Test
    void edgeSamSendsPointsWithoutPaddingThroughMappedNames() {
        DecoderResult r = edgesam.decode(embedding("tiny", 1024), CLICK.withMaskInput(new float[256 * 256]));
        assertArrayEquals4(new float[]{512, 288, 1, 1}, r.iouPredictions());
        assertFalse(r.maskInputApplied(), "edgesam exports have no mask input");
        assertFalse(edgesam.acceptsMaskInput());
    }

    @Test
    void efficientVitSamPromptsLiveInThe1024FrameEvenWithA512Encoder() {
        DecoderResult r = efficientVitSam.decode(embedding("tiny", 512), CLICK);
        assertArrayEquals4(new float[]{512, 288, 1, 1}, r.iouPredictions());
        assertEquals(1024, r.geometry().inputSize());
        assertEquals(576, r.geometry().resizedHeight());
    }

    @Test
    void anEmbeddingOfAnotherPackIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> samOnnx.decode(embedding("sam-vit-h", 1024), CLICK));
        assertEquals("the embedding was computed by pack 'sam-vit-h' but this decoder belongs to pack 'tiny'; "
                + "encode the image with this pack's image encoder first", e.getMessage());
    }

    @Test
    void dialectsAreChosenOncePerEntry() {
        assertEquals("sam-onnx", samOnnx.dialect());
        assertTrue(samOnnx.acceptsMaskInput());
        assertTrue(persam.acceptsGuidance());
        assertEquals("efficientvit-sam", efficientVitSam.dialect());
    }

    private static void assertArrayEquals4(float[] expected, float[] actual) {
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], actual[i], 1e-3f, "value " + i + " of " + Arrays.toString(actual));
        }
    }
}
