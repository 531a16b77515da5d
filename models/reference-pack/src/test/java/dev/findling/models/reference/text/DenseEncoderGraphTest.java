package dev.findling.models.reference.text;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseEncoderGraphTest {
    private static final int D = TextAxis.DIMENSION;
    private static final int GRID = 64;
    private static OrtSession dense;
    private static final Map<TextAxis, float[]> TEXT = new EnumMap<>(TextAxis.class);

    @BeforeAll
    static void open() throws OrtException {
        dense = OrtGraphs.open(DenseEncoderGraph.build());
        ClipBpeFile tokenizer = ClipBpeFile.parse(ReferenceVocabulary.get().fileBytes());
        try (OrtSession text = OrtGraphs.open(TextEncoderGraph.build())) {
            for (TextAxis c : TextAxis.values()) {
                TEXT.put(c, OrtGraphs.runIds(text, tokenizer.encode("a photo of a " + c.word() + " object."), 1, 77));
            }
        }
    }

    @AfterAll
    static void close() throws OrtException {
        dense.close();
    }

    /** Features [D][64][64] of a picture no larger than 1024², SAM-normalised and zero-padded. */
    private static float[][][] features(TestPictures image) throws OrtException {
        float[] out = OrtGraphs.runFloat(dense, "image", image.samInput(1024), 1, 3, 1024, 1024);
        float[][][] f = new float[GRID][GRID][D];
        for (int d = 0; d < D; d++) {
            for (int y = 0; y < GRID; y++) {
                for (int x = 0; x < GRID; x++) {
                    f[y][x][d] = out[(d * GRID + y) * GRID + x];
                }
            }
        }
        return f;
    }

    private static TextAxis best(float[] patch, TextAxis.Family family) {
        TextAxis best = null;
        double bestCos = -2;
        for (TextAxis c : TextAxis.values()) {
            if (c.family() == family) {
                double cos = OrtGraphs.cosine(patch, TEXT.get(c));
                if (cos > bestCos) {
                    bestCos = cos;
                    best = c;
                }
            }
        }
        return best;
    }

    private static TextAxis bestOverall(float[] patch) {
        TextAxis best = null;
        double bestCos = -2;
        for (TextAxis c : TextAxis.values()) {
            double cos = OrtGraphs.cosine(patch, TEXT.get(c));
            if (cos > bestCos) {
                bestCos = cos;
                best = c;
            }
        }
        return best;
    }

    @Test
    void sessionDeclaresTheSamclipDenseContract() {
        assertEquals(java.util.Set.of("image"), dense.getInputNames());
        assertEquals(java.util.Set.of("dense_features"), dense.getOutputNames());
        ModelEntry entry = DenseEncoderGraph.entry("abc");
        assertEquals(Dialects.DENSE_ENCODER, entry.role());
        assertEquals("samclip", entry.dialect());
        assertEquals(1024, entry.preprocessing().inputSize());
        assertEquals(Preprocessing.LONGEST_SIDE_PAD, entry.preprocessing().resize());
        assertEquals(D, entry.dimension());
    }

    @Test
    void redDiscAndBlueSquareOnGrayAreFoundByTheirColourWords() throws OrtException {
        // 1024×768: the SAM frame's last 16 rows of cells are padding.
        TestPictures scene = new TestPictures(1024, 768, 128, 128, 128)
                .disc(300, 380, 170, 210, 30, 35)
                .fillRect(620, 220, 920, 520, 35, 60, 190)
                .noise(6, 7);
        float[][][] f = features(scene);
        int disc = 0, discRed = 0, square = 0, squareBlue = 0, background = 0, backgroundGray = 0;
        double minRedOnDisc = 1, maxRedElsewhere = -1, minBlueOnSquare = 1, maxBlueElsewhere = -1;
        StringBuilder map = new StringBuilder();
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                float[] p = f[gy][gx];
                double cx = gx * 16 + 8, cy = gy * 16 + 8;
                if (cy >= 768) {
                    assertEquals(0.0, OrtGraphs.norm(p), 1e-6, "padding cell " + gx + "," + gy);
                    continue;
                }
                TextAxis c = bestOverall(p);
                map.append(Character.forDigit(c.axis(), 16));
                double red = OrtGraphs.cosine(p, TEXT.get(TextAxis.RED));
                double blue = OrtGraphs.cosine(p, TEXT.get(TextAxis.BLUE));
                boolean inDisc = Math.hypot(cx - 300, cy - 380) < 170 - 12;
                boolean nearDisc = Math.hypot(cx - 300, cy - 380) < 170 + 12;
                boolean inSquare = cx > 620 + 8 && cx < 920 - 8 && cy > 220 + 8 && cy < 520 - 8;
                boolean nearSquare = cx > 620 - 8 && cx < 920 + 8 && cy > 220 - 8 && cy < 520 + 8;
                if (inDisc) {
                    disc++;
                    discRed += c == TextAxis.RED ? 1 : 0;
                    minRedOnDisc = Math.min(minRedOnDisc, red);
                } else if (inSquare) {
                    square++;
                    squareBlue += c == TextAxis.BLUE ? 1 : 0;
                    minBlueOnSquare = Math.min(minBlueOnSquare, blue);
                } else if (!nearDisc && !nearSquare) {
                    background++;
                    backgroundGray += c == TextAxis.GRAY ? 1 : 0;
                }
                if (!nearDisc) {
                    maxRedElsewhere = Math.max(maxRedElsewhere, red);
                }
                if (!nearSquare) {
                    maxBlueElsewhere = Math.max(maxBlueElsewhere, blue);
                }
            }
            map.append('\n');
        }
        String where = "best concept axis per cell (hex, see TextAxis):\n" + map;
        assertEquals(disc, discRed, where);
        assertEquals(square, squareBlue, where);
        assertEquals(background, backgroundGray, where);
        assertTrue(minRedOnDisc > 0.6, "red on the disc: " + minRedOnDisc);
        assertTrue(maxRedElsewhere < 0.2, "red away from the disc: " + maxRedElsewhere);
        assertTrue(minBlueOnSquare > 0.6, "blue on the square: " + minBlueOnSquare);
        assertTrue(maxBlueElsewhere < 0.2, "blue away from the square: " + maxBlueElsewhere);
    }

    @Test
    void redSegmentsTheDiscOfTheSyntheticScene() throws OrtException {
        SyntheticScenes.Scene scene = SyntheticScenes.standardScene(1024, 768, 5);
        float[][][] f = features(TestPictures.of(scene.image()));
        byte[] red = new byte[1024 * 768];
        byte[] striped = new byte[1024 * 768];
        StringBuilder map = new StringBuilder();
        for (int gy = 0; gy < 48; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                float[] p = f[gy][gx];
                boolean isRed = best(p, TextAxis.Family.COLOUR) == TextAxis.RED
                        && OrtGraphs.cosine(p, TEXT.get(TextAxis.RED)) > 0.5;
                boolean isStriped = best(p, TextAxis.Family.TEXTURE) == TextAxis.STRIPED;
                map.append(isRed ? 'R' : isStriped ? 's' : '.');
                for (int y = gy * 16; y < gy * 16 + 16; y++) {
                    for (int x = gx * 16; x < gx * 16 + 16; x++) {
                        red[y * 1024 + x] = (byte) (isRed ? 1 : 0);
                        striped[y * 1024 + x] = (byte) (isStriped ? 1 : 0);
                    }
                }
            }
            map.append('\n');
        }
        double discIou = BinaryMask.wrap(1024, 768, red).iou(scene.disc());
        double backgroundIou = BinaryMask.wrap(1024, 768, striped).iou(scene.background());
        assertTrue(discIou > 0.9, "IoU of the red cells with the disc: " + discIou + "\n" + map);
        assertTrue(backgroundIou > 0.9, "IoU of the striped cells with the striped background: " + backgroundIou + "\n" + map);
    }

    @Test
    void partlyPaddedPatchesKeepTheImagesColourAndTexture() throws OrtException {
        // 1000×757: neither side is a multiple of 4 or 16, so the last patch row and column straddle the padding.
        TestPictures blue = new TestPictures(1000, 757, 35, 60, 190).noise(3, 9);
        float[][][] f = features(blue);
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                float[] p = f[gy][gx];
                if (gy * 16 >= 757 || gx * 16 >= 1000) {
                    assertEquals(0.0, OrtGraphs.norm(p), 1e-6, "all-padding cell " + gx + "," + gy);
                } else {
                    String cell = "cell " + gx + "," + gy + " " + java.util.Arrays.toString(p);
                    assertEquals(TextAxis.BLUE, best(p, TextAxis.Family.COLOUR), cell);
                    assertEquals(TextAxis.PLAIN, best(p, TextAxis.Family.TEXTURE), cell);
                    assertTrue(OrtGraphs.cosine(p, f[20][20]) > 0.98, "differs from an inner cell: " + cell);
                }
            }
        }
    }

    @Test
    void texturesAreToldApart() throws OrtException {
        int[] dark = {60, 60, 60};
        int[] light = {200, 200, 200};
        TestPictures quads = new TestPictures(1024, 1024, 128, 128, 128)
                .stripes(0, 0, 512, 512, 16, dark, light)
                .checks(512, 0, 1024, 512, 16, dark, light)
                .fillRect(0, 512, 512, 1024, 200, 200, 200)
                .dots(0, 512, 512, 1024, 24, 6, dark)
                .noise(3, 11);
        float[][][] f = features(quads);
        TextAxis[] expected = {TextAxis.STRIPED, TextAxis.CHECKERED, TextAxis.DOTTED, TextAxis.PLAIN};
        int[] hits = new int[4];
        int[] counts = new int[4];
        StringBuilder map = new StringBuilder();
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                TextAxis c = best(f[gy][gx], TextAxis.Family.TEXTURE);
                map.append(Character.forDigit(c.axis(), 16));
                int qx = gx / 32, qy = gy / 32;
                int inner = Math.min(Math.min(gx % 32, 31 - gx % 32), Math.min(gy % 32, 31 - gy % 32));
                if (inner >= 2) {
                    int q = qy * 2 + qx;
                    counts[q]++;
                    hits[q] += c == expected[q] ? 1 : 0;
                }
            }
            map.append('\n');
        }
        for (int q = 0; q < 4; q++) {
            assertEquals(counts[q], hits[q], expected[q] + " quadrant; best texture per cell:\n" + map);
        }
    }
}
