package dev.findling.models.clip;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.LoadedPack;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackLoader;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.TinyPacks;
import dev.findling.models.pack.TokenizerSpec;
import dev.findling.models.onnx.ElementType;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.runtime.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The text encoder feeds ids in the export's declared integer type, and an attention mask when asked. */
class ClipTextEncoderTest {
    @TempDir
    Path dir;
    private LoadedPack pack;

    @AfterEach
    void close() {
        if (pack != null) {
            pack.close();
        }
    }

    private TextEncoder load(ElementType idType, boolean attentionMask) throws IOException {
        Files.writeString(dir.resolve("vocab.txt"), "stand-in");
        PackManifest m = new PackManifest(PackManifest.CURRENT_FORMAT, "tiny", "Tiny", PackManifest.KIND_LEARNED, null, null,
                new TokenizerSpec(TokenizerSpec.CLIP_BPE, "vocab.txt", null, null),
                List.of(TinyPacks.samEncoderEntry("encoder.onnx"),
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "decoder.onnx"),
                        new ModelEntry(Dialects.TEXT_ENCODER, "clip", "text.onnx", null, Map.of(), Map.of(), null, null)));
        TinyPacks.write(dir, m, Map.of("encoder.onnx", TinyPacks.encoder("image", false),
                "decoder.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs()),
                "text.onnx", TinyPacks.textEncoder(idType, attentionMask)));
        pack = PackLoader.load(dir, SessionFactory.create(ExecutionSettings.defaults()));
        return ClipDialects.textEncoder("tiny", pack.entries().get(2));
    }

    private static int[] ids(int... prefix) {
        int[] ids = new int[77];
        System.arraycopy(prefix, 0, ids, 0, prefix.length);
        return ids;
    }

    @ParameterizedTest(name = "{0}, attention mask {1}")
    @CsvSource({"INT64, false", "INT32, false", "INT64, true", "INT32, true"})
    void idsReachTheGraphInItsDeclaredType(ElementType type, boolean attentionMask) throws IOException {
        TextEncoder text = load(type, attentionMask);
        assertEquals(77, text.contextLength());
        assertEquals(4, text.dimension());
        // The tiny graph returns Σ ids (masked by attention_mask when it has one) in every slot.
        float[] e = text.encode(ids(49406, 1579, 49407));
        assertArrayEquals(new float[]{100392, 100392, 100392, 100392}, e);
    }

    @Test
    void wrongLengthIsRefused() throws IOException {
        TextEncoder text = load(ElementType.INT64, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> text.encode(new int[10]));
        assertEquals("the text encoder takes exactly 77 token ids but got 10; tokenize with the pack's tokenizer, "
                + "which pads to 77", e.getMessage());
    }

    @Test
    void attentionMaskCoversTheTextThroughItsLastToken() {
        int[] mask = ClipTextEncoder.attentionMask(ids(49406, 0, 1579, 49407));
        assertEquals(1, mask[1], "id 0 inside the text is the token \"!\", not padding");
        assertEquals(1, mask[3]);
        assertEquals(0, mask[4]);
        assertEquals(4, java.util.Arrays.stream(mask).sum());
    }
}
