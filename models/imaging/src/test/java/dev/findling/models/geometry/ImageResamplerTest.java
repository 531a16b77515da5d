package dev.findling.models.geometry;

import dev.findling.models.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The separable, banded resampler against a direct two-dimensional evaluation of the same filter. */
class ImageResamplerTest {
    private static RgbImage random(int width, int height, long seed) {
        byte[] rgb = new byte[3 * width * height];
        new SplittableRandom(seed).nextBytes(rgb);
        return RgbImage.wrap(width, height, rgb);
    }

    private static float[][][] resize(RgbImage image, int w, int h, int x0, int y0, int ow, int oh, ImageResampler.Filter f) {
        float[][][] out = new float[3][oh][ow];
        ImageResampler.resize(image, w, h, x0, y0, ow, oh, f, (y, r, g, b) -> {
            System.arraycopy(r, 0, out[0][y], 0, ow);
            System.arraycopy(g, 0, out[1][y], 0, ow);
            System.arraycopy(b, 0, out[2][y], 0, ow);
        });
        return out;
    }

    /** Pillow's convolution written out directly: weights over a 2-D neighbourhood, in double precision. */
    private static double reference(RgbImage image, int w, int h, int ox, int oy, int c, ImageResampler.Filter f) {
        double[] wx = weights(image.width(), w, ox, f);
        double[] wy = weights(image.height(), h, oy, f);
        double sum = 0;
        for (int y = 0; y < image.height(); y++) {
            if (wy[y] == 0) {
                continue;
            }
            for (int x = 0; x < image.width(); x++) {
                if (wx[x] != 0) {
                    sum += wx[x] * wy[y] * image.channel(x, y, c);
                }
            }
        }
        return sum;
    }

    private static double[] weights(int in, int out, int o, ImageResampler.Filter f) {
        double scale = in / (double) out;
        double support = Math.max(scale, 1.0);
        double center = (o + 0.5) * scale;
        double[] w = new double[in];
        double total = 0;
        for (int i = 0; i < in; i++) {
            // The filter is evaluated at every pixel; outside its support it is zero.
            w[i] = f.weight((i + 0.5 - center) / support);
            total += w[i];
        }
        for (int i = 0; i < in; i++) {
            w[i] /= total;
        }
        return w;
    }

    @ParameterizedTest(name = "{0}×{1} → {2}×{3} {4}")
    @CsvSource({
            "37, 23, 16, 11, BILINEAR",
            "7, 5, 19, 13, BILINEAR",
            "300, 200, 97, 64, BILINEAR",
            "37, 23, 16, 11, BICUBIC",
            "7, 5, 19, 13, BICUBIC",
            "64, 64, 64, 64, BILINEAR"})
    void separablePassesEqualTheDirectFilter(int inW, int inH, int outW, int outH, ImageResampler.Filter f) {
        RgbImage image = random(inW, inH, 42);
        float[][][] out = resize(image, outW, outH, 0, 0, outW, outH, f);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    int cc = c;
                    int xx = x;
                    int yy = y;
                    assertEquals(reference(image, outW, outH, x, y, c, f), out[c][y][x], 2e-3,
                            () -> "channel " + cc + " at " + xx + "," + yy);
                }
            }
        }
    }

    @Test
    void largeImagesTakeTheParallelPathAndAgree() {
        // Big enough for several bands; spot-check rows at and around band borders.
        RgbImage image = random(1600, 1200, 7);
        float[][][] out = resize(image, 512, 384, 0, 0, 512, 384, ImageResampler.Filter.BILINEAR);
        for (int y : new int[]{0, 31, 32, 95, 96, 191, 192, 383}) {
            for (int x : new int[]{0, 1, 255, 511}) {
                assertEquals(reference(image, 512, 384, x, y, 1, ImageResampler.Filter.BILINEAR), out[1][y][x], 2e-3,
                        "at " + x + "," + y);
            }
        }
    }

    @Test
    void halvingFourPixelsByHand() {
        // Scale 2 widens the triangle to support 2: output 0 (centre 1.0) weighs inputs 0,1,2 as 0.75,0.75,0.25.
        byte[] rgb = new byte[12];
        int[] values = {0, 100, 200, 250};
        for (int i = 0; i < 4; i++) {
            rgb[3 * i] = (byte) values[i];
        }
        float[][][] out = resize(RgbImage.wrap(4, 1, rgb), 2, 1, 0, 0, 2, 1, ImageResampler.Filter.BILINEAR);
        assertEquals((0 * 0.75 + 100 * 0.75 + 200 * 0.25) / 1.75, out[0][0][0], 1e-4);
        // Output 1 (centre 3.0) weighs inputs 1,2,3 as 0.25,0.75,0.75.
        assertEquals((100 * 0.25 + 200 * 0.75 + 250 * 0.75) / 1.75, out[0][0][1], 1e-4);
    }

    @Test
    void windowIsTheMatchingPartOfTheFullResult() {
        RgbImage image = random(90, 60, 3);
        float[][][] full = resize(image, 45, 30, 0, 0, 45, 30, ImageResampler.Filter.BICUBIC);
        float[][][] window = resize(image, 45, 30, 10, 5, 20, 12, ImageResampler.Filter.BICUBIC);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(full[0][y + 5][x + 10], window[0][y][x], 1e-4);
            }
        }
    }
}
