package dev.findling.models.image;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataChunksTest {

    @Test
    void aWrittenPngFitsAndTrailingBytesAfterIendAreIgnored() {
        byte[] png = PngWriter.rgb(RgbImage.of(8, 6, new byte[8 * 6 * 3]));
        assertTrue(MetadataChunks.fitInFile(png, "PNG"));
        byte[] trailing = Arrays.copyOf(png, png.length + 7);
        Arrays.fill(trailing, png.length, trailing.length, (byte) 0xFF);
        assertTrue(MetadataChunks.fitInFile(trailing, "PNG"));
    }

    @Test
    void aPngChunkLongerThanTheFileDoesNotFit() {
        byte[] png = PngWriter.rgb(RgbImage.of(8, 6, new byte[8 * 6 * 3]));
        png[8] = 0x7F; // IHDR's length → ~2 GB
        assertFalse(MetadataChunks.fitInFile(png, "PNG"));
    }

    @Test
    void aWebpChunkClaimingGigabytesDoesNotFitAndDecodingFailsAsCorrupt() {
        byte[] webp = new byte[120];
        byte[] head = "RIFF\u0070\u0000\u0000\u0000WEBPVP8X".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, webp, 0, head.length);
        webp[16] = (byte) 0xF0; // VP8X length, little-endian → 0x7FFFFFF0: the metadata reader would allocate 2 GB
        webp[17] = (byte) 0xFF;
        webp[18] = (byte) 0xFF;
        webp[19] = 0x7F;
        assertFalse(MetadataChunks.fitInFile(webp, "WebP"));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(webp, ImageLimits.DEFAULT));
        assertEquals(ImageDecodeException.Reason.CORRUPT, e.reason());
    }
}
