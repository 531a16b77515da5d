package dev.findling.models.reference.text;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.Preprocessing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageEmbedderGraphTest {
    private static OrtSession embedder;
    private static OrtSession text;
    private static ClipBpeFile tokenizer;

    @BeforeAll
    static void open() throws OrtException {
        embedder = OrtGraphs.open(ImageEmbedderGraph.build());
        text = OrtGraphs.open(TextEncoderGraph.build());
        tokenizer = ClipBpeFile.parse(ReferenceVocabulary.get().fileBytes());
    }

    @AfterAll
    static void close() throws OrtException {
        embedder.close();
        text.close();
    }

    private static float[] embed(TestPictures image) throws OrtException {
        return OrtGraphs.runFloat(embedder, "pixel_values", image.clipInput(), 1, 3, 224, 224);
    }

    private static double score(TestPictures image, String query) throws OrtException {
        return OrtGraphs.cosine(embed(image), OrtGraphs.runIds(text, tokenizer.encode(query), 1, 77));
    }

    @Test
    void sessionDeclaresTheClipImageContract() {
        assertEquals(java.util.Set.of("pixel_values"), embedder.getInputNames());
        assertEquals(java.util.Set.of("image_embeds"), embedder.getOutputNames());
        ModelEntry entry = ImageEmbedderGraph.entry(null);
        assertEquals(Dialects.IMAGE_EMBEDDER, entry.role());
        assertEquals("clip", entry.dialect());
        assertEquals(224, entry.preprocessing().inputSize());
        assertEquals(Preprocessing.SHORTEST_SIDE_CENTER_CROP, entry.preprocessing().resize());
        assertEquals(TextAxis.DIMENSION, entry.dimension());
    }

    @Test
    void aMostlyRedImageRanksAboveAMostlyBlueOneForRed() throws OrtException {
        TestPictures mostlyRed = new TestPictures(224, 224, 200, 40, 40).fillRect(140, 140, 210, 210, 40, 70, 200).noise(5, 1);
        TestPictures mostlyBlue = new TestPictures(224, 224, 40, 70, 200).disc(60, 60, 40, 200, 40, 40).noise(5, 2);
        double redOnRed = score(mostlyRed, "a photo of a red thing.");
        double redOnBlue = score(mostlyBlue, "a photo of a red thing.");
        double blueOnRed = score(mostlyRed, "a photo of a blue thing.");
        double blueOnBlue = score(mostlyBlue, "a photo of a blue thing.");
        assertTrue(redOnRed > redOnBlue + 0.3, "red query: mostly red " + redOnRed + " vs mostly blue " + redOnBlue);
        assertTrue(blueOnBlue > blueOnRed + 0.3, "blue query: mostly blue " + blueOnBlue + " vs mostly red " + blueOnRed);
        assertTrue(redOnBlue > 0.02, "the small red disc still counts a little: " + redOnBlue);
    }

    @Test
    void aStripedShirtRanksAboveAPlainOneForStriped() throws OrtException {
        TestPictures striped = new TestPictures(224, 224, 230, 230, 230).stripes(40, 30, 184, 200, 8, new int[]{30, 40, 150}, new int[]{235, 235, 235}).noise(4, 3);
        TestPictures plain = new TestPictures(224, 224, 230, 230, 230).fillRect(40, 30, 184, 200, 30, 40, 150).noise(4, 4);
        double stripedScore = score(striped, "a striped shirt");
        double plainScore = score(plain, "a striped shirt");
        assertTrue(stripedScore > plainScore + 0.2, stripedScore + " vs " + plainScore);
        assertTrue(score(plain, "a plain shirt") > score(striped, "a plain shirt"));
    }

    @Test
    void uniformSwatchesGetTheirColourName() throws OrtException {
        Object[][] swatches = {
                {255, 0, 0, TextAxis.RED}, {178, 34, 34, TextAxis.RED}, {128, 0, 0, TextAxis.RED}, {100, 15, 15, TextAxis.RED},
                {255, 165, 0, TextAxis.ORANGE}, {255, 140, 0, TextAxis.ORANGE}, {210, 105, 30, TextAxis.ORANGE},
                {255, 255, 0, TextAxis.YELLOW}, {255, 215, 0, TextAxis.YELLOW}, {240, 230, 140, TextAxis.YELLOW},
                {0, 128, 0, TextAxis.GREEN}, {34, 139, 34, TextAxis.GREEN}, {128, 128, 0, TextAxis.GREEN}, {144, 238, 144, TextAxis.GREEN},
                {0, 255, 255, TextAxis.CYAN}, {0, 128, 128, TextAxis.CYAN}, {64, 224, 208, TextAxis.CYAN},
                {0, 0, 255, TextAxis.BLUE}, {0, 0, 128, TextAxis.BLUE}, {65, 105, 225, TextAxis.BLUE}, {135, 206, 235, TextAxis.BLUE},
                {20, 20, 90, TextAxis.BLUE},
                {128, 0, 128, TextAxis.PURPLE}, {148, 0, 211, TextAxis.PURPLE}, {102, 51, 153, TextAxis.PURPLE},
                {255, 192, 203, TextAxis.PINK}, {255, 105, 180, TextAxis.PINK}, {255, 0, 255, TextAxis.PINK},
                {139, 69, 19, TextAxis.BROWN}, {160, 82, 45, TextAxis.BROWN}, {210, 180, 140, TextAxis.BROWN},
                {0, 0, 0, TextAxis.BLACK}, {20, 20, 20, TextAxis.BLACK},
                {255, 255, 255, TextAxis.WHITE}, {245, 245, 240, TextAxis.WHITE},
                {128, 128, 128, TextAxis.GRAY}, {192, 192, 192, TextAxis.GRAY}, {105, 105, 105, TextAxis.GRAY}};
        int plane = 3 * 224 * 224;
        float[] batch = new float[swatches.length * plane];
        for (int i = 0; i < swatches.length; i++) {
            Object[] s = swatches[i];
            float[] one = new TestPictures(224, 224, (int) s[0], (int) s[1], (int) s[2]).noise(2, 6).clipInput();
            System.arraycopy(one, 0, batch, i * plane, plane);
        }
        float[] all = OrtGraphs.runFloat(embedder, "pixel_values", batch, swatches.length, 3, 224, 224);
        StringBuilder wrong = new StringBuilder();
        for (int i = 0; i < swatches.length; i++) {
            Object[] s = swatches[i];
            float[] e = java.util.Arrays.copyOfRange(all, i * TextAxis.DIMENSION, (i + 1) * TextAxis.DIMENSION);
            TextAxis best = TextAxis.RED;
            for (TextAxis c : TextAxis.colours()) {
                if (e[c.axis()] > e[best.axis()]) {
                    best = c;
                }
            }
            if (best != s[3]) {
                wrong.append(String.format("(%s,%s,%s) → %s (%.2f) not %s (%.2f); ", s[0], s[1], s[2], best, e[best.axis()],
                        s[3], e[((TextAxis) s[3]).axis()]));
            }
        }
        assertEquals("", wrong.toString());
    }

    @Test
    void aBatchEmbedsEachImageSeparately() throws OrtException {
        TestPictures red = new TestPictures(224, 224, 200, 40, 40).noise(5, 7);
        TestPictures striped = new TestPictures(224, 224, 230, 230, 230).stripes(0, 0, 224, 224, 8, new int[]{30, 40, 150}, new int[]{235, 235, 235});
        float[] both = new float[2 * 3 * 224 * 224];
        System.arraycopy(red.clipInput(), 0, both, 0, 3 * 224 * 224);
        System.arraycopy(striped.clipInput(), 0, both, 3 * 224 * 224, 3 * 224 * 224);
        float[] out = OrtGraphs.runFloat(embedder, "pixel_values", both, 2, 3, 224, 224);
        int d = TextAxis.DIMENSION;
        org.junit.jupiter.api.Assertions.assertArrayEquals(embed(red), java.util.Arrays.copyOfRange(out, 0, d), 1e-5f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(embed(striped), java.util.Arrays.copyOfRange(out, d, 2 * d), 1e-5f);
    }

    @Test
    void unknownWordsScoreZeroOnEveryImage() throws OrtException {
        TestPictures any = new TestPictures(224, 224, 200, 40, 40).noise(5, 5);
        assertEquals(0.0, score(any, "a photo of a dog."), 0.0);
    }
}
