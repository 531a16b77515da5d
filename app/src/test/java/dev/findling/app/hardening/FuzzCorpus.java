package dev.findling.app.hardening;

import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Seeded broken images: every format's magic bytes followed by garbage, valid files cut at random points, and valid
 * files with random bits flipped (anywhere, or only in the header where sizes and chunk lengths live).
 */
final class FuzzCorpus {
    /** A case: how it was made (for failure messages) and its bytes. */
    record Case(String label, byte[] bytes) {
    }

    private static final byte[][] MAGIC = {
            {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},               // JPEG/JFIF
            {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1},               // JPEG/EXIF
            TestImages.PNG_SIGNATURE,
            "GIF89a".getBytes(StandardCharsets.US_ASCII),
            "GIF87a".getBytes(StandardCharsets.US_ASCII),
            "BM".getBytes(StandardCharsets.US_ASCII),
            "RIFF\u0000\u0010\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1),
            "RIFF\u0000\u0010\u0000\u0000WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1),
            "RIFF\u0000\u0010\u0000\u0000WEBPVP8X".getBytes(StandardCharsets.ISO_8859_1),
    };

    private final Random random;
    private final List<Case> seeds = new ArrayList<>();

    /** Valid seed files of every format the JDK can write, at sizes around {@code side} pixels. */
    FuzzCorpus(long seed, int side) {
        this.random = new Random(seed);
        for (int i = 0; i < 3; i++) {
            int w = side + random.nextInt(side / 2 + 1);
            int h = side * 3 / 4 + random.nextInt(side / 2 + 1);
            SyntheticScenes.Scene scene = SyntheticScenes.render(SyntheticScenes.randomPlacement(w, h, 100 + i));
            BufferedImage image = scene.image().toBufferedImage();
            seeds.add(new Case("png", PngWriter.rgb(scene.image())));
            for (String format : List.of("jpeg", "bmp", "gif")) {
                seeds.add(new Case(format, write(image, format)));
            }
        }
    }

    List<Case> seeds() {
        return List.copyOf(seeds);
    }

    Case next() {
        return switch (random.nextInt(4)) {
            case 0 -> magicThenGarbage();
            case 1 -> truncated();
            case 2 -> bitFlipped(false);
            default -> bitFlipped(true);
        };
    }

    private Case magicThenGarbage() {
        byte[] magic = MAGIC[random.nextInt(MAGIC.length)];
        byte[] bytes = Arrays.copyOf(magic, magic.length + random.nextInt(2048));
        for (int i = magic.length; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return new Case("magic+garbage(" + bytes.length + ")", bytes);
    }

    private Case truncated() {
        Case seed = seeds.get(random.nextInt(seeds.size()));
        int length = random.nextInt(seed.bytes().length);
        return new Case(seed.label() + " cut at " + length, Arrays.copyOf(seed.bytes(), length));
    }

    private Case bitFlipped(boolean headerOnly) {
        Case seed = seeds.get(random.nextInt(seeds.size()));
        byte[] bytes = seed.bytes().clone();
        int flips = 1 + random.nextInt(16);
        int range = headerOnly ? Math.min(bytes.length, 96) : bytes.length;
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(range);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return new Case(seed.label() + " with " + flips + " bit flips" + (headerOnly ? " in the header" : ""), bytes);
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
