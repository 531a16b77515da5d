package dev.findling.models.geometry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.testing.RealArchFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PillowResamplerTest {
    /**
     * The three PerSeg cat photos resized to SAM's 1024 frame give exactly the bytes torchvision/Pillow gave the
     * authors' encoder (SHA-256 of the pixels in the fixtures' image.json).
     */
    @Test
    void reproducesSamsResizeLongestSideBitForBit() throws Exception {
        Path golden = RealArchFixtures.golden();
        Path photos = golden.resolve("../../perseg-examples/cat").normalize();
        for (String n : new String[]{"00", "01", "02"}) {
            JsonNode info = new ObjectMapper().readTree(golden.resolve("cat/images/" + n + "/image.json").toFile());
            RgbImage photo = ImageDecoder.read(photos.resolve(n + ".jpg"), ImageLimits.DEFAULT);
            assertEquals(info.get("decoded_rgb_sha256").asText(), sha256(photo), n + ".jpg decodes as cv2 does");
            ResizeGeometry g = ResizeGeometry.of(photo.height(), photo.width(), 1024);
            assertEquals(info.get("input_size").get(0).asInt(), g.resizedHeight());
            assertEquals(info.get("input_size").get(1).asInt(), g.resizedWidth());
            RgbImage resized = PillowResampler.resize(photo, g.resizedWidth(), g.resizedHeight(),
                    ImageResampler.Filter.BILINEAR);
            assertEquals(info.get("input_image_1024_sha256").asText(), sha256(resized), n + " resized");
        }
    }

    @Test
    void identitySizeKeepsEveryByteAndUpscalingStaysInRange() {
        byte[] rgb = new byte[3 * 7 * 5];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
        }
        RgbImage image = RgbImage.of(7, 5, rgb);
        RgbImage same = PillowResampler.resize(image, 7, 5, ImageResampler.Filter.BILINEAR);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(image.channel(x, y, c), same.channel(x, y, c));
                }
            }
        }
        // A 1-pixel-wide column upscaled keeps its value (weights sum to one in fixed point).
        RgbImage flat = RgbImage.of(1, 1, new byte[]{(byte) 200, 10, 0});
        RgbImage big = PillowResampler.resize(flat, 9, 4, ImageResampler.Filter.BICUBIC);
        assertEquals(200, big.channel(8, 3, 0));
        assertEquals(10, big.channel(0, 0, 1));
    }

    private static String sha256(RgbImage image) throws Exception {
        byte[] px = new byte[Math.toIntExact(image.pixelCount() * 3)];
        image.pixels().duplicate().get(px);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(px));
    }
}
