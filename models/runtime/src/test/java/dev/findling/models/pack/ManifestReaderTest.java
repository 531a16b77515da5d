package dev.findling.models.pack;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestReaderTest {
    /** The example of the models README. */
    private static final String EXAMPLE = """
            {
              "format": 1,
              "id": "mobilesam-20230629",
              "name": "MobileSAM",
              "kind": "learned",
              "label": "MobileSAM (TinyViT) + SAM decoder",
              "description": "…where the weights come from…",
              "tokenizer": { "type": "clip-bpe", "file": "bpe_simple_vocab_16e6.txt.gz" },
              "models": [
                {
                  "role": "image-encoder", "dialect": "sam", "file": "mobile_sam.encoder.onnx",
                  "sha256": "20deef402855b31222b528f52b04807e41ebe47216ac0e39a0729f43491a0209",
                  "inputs": { "image": "input_image" },
                  "preprocessing": { "inputSize": 1024, "resize": "longest-side-pad", "valueScale": 1.0,
                                     "pixelMean": [123.675, 116.28, 103.53], "pixelStd": [58.395, 57.12, 57.375],
                                     "normalizedInGraph": true }
                },
                { "role": "mask-decoder", "dialect": "sam-onnx", "file": "sam_vit_h_4b8939.decoder.onnx",
                  "sha256": "22cf85e35d14182f4b4712364264c06b22edbef63f065189586f080ef4e2f325" },
                { "role": "text-encoder", "dialect": "clip", "file": "clip_text_model.onnx", "dimension": 512 }
              ]
            }
            """;

    private static PackManifest parse(String json) {
        return ManifestReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readmeExampleParses() {
        PackManifest m = parse(EXAMPLE);
        assertEquals(1, m.format());
        assertEquals("mobilesam-20230629", m.id());
        assertFalse(m.isReference());
        assertEquals("clip-bpe", m.tokenizer().type());
        assertEquals(3, m.models().size());
        ModelEntry encoder = m.models().get(0);
        assertEquals("input_image", encoder.inputName("image"));
        assertEquals("image_embeddings", encoder.outputName("image_embeddings"));
        assertTrue(encoder.preprocessing().normalizedInGraph());
        assertArrayEquals(Preprocessing.SAM_PIXEL_STD, encoder.preprocessing().pixelStd());
        assertNull(m.models().get(1).preprocessing());
        assertEquals(512, m.models().get(2).dimension());
    }

    @Test
    void writtenManifestReadsBackTheSame() {
        PackManifest m = parse(EXAMPLE);
        PackManifest again = ManifestReader.parse(ManifestReader.toJson(m));
        assertEquals(m.id(), again.id());
        assertEquals(m.models().get(0).inputs(), again.models().get(0).inputs());
        assertEquals(m.models().get(2).dimension(), again.models().get(2).dimension());
        assertFalse(new String(ManifestReader.toJson(m), StandardCharsets.UTF_8).contains("\"reference\""),
                "isReference() is derived from kind and is not written");
    }

    @Test
    void unknownFieldNamesTheFieldAndLine() {
        PackException e = assertThrows(PackException.class, () -> parse(EXAMPLE.replace("\"dimension\"", "\"dimensions\"")));
        assertTrue(e.getMessage().startsWith("pack.json line 20"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown field 'dimensions'"), e.getMessage());
    }

    @Test
    void brokenJsonSaysWhere() {
        PackException e = assertThrows(PackException.class, () -> parse("{\n  \"format\": 1,\n  \"id\": }"));
        assertTrue(e.getMessage().startsWith("pack.json line 3"), e.getMessage());
    }
}
