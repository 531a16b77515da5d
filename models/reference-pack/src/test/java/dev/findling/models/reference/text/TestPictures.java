package dev.findling.models.reference.text;

import dev.findling.models.pack.Preprocessing;

import java.util.SplittableRandom;

/** Planar RGB test pictures (0–255 floats) and the two input preprocessings of the reference graphs. */
final class TestPictures {
    final int width;
    final int height;
    final float[] rgb; // planar: [c][y][x]

    TestPictures(int width, int height, int r, int g, int b) {
        this.width = width;
        this.height = height;
        this.rgb = new float[3 * width * height];
        fillRect(0, 0, width, height, r, g, b);
    }

    static TestPictures of(dev.findling.models.image.RgbImage image) {
        TestPictures t = new TestPictures(image.width(), image.height(), 0, 0, 0);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                t.set(x, y, image.channel(x, y, 0), image.channel(x, y, 1), image.channel(x, y, 2));
            }
        }
        return t;
    }

    void set(int x, int y, float r, float g, float b) {
        int i = y * width + x;
        rgb[i] = r;
        rgb[width * height + i] = g;
        rgb[2 * width * height + i] = b;
    }

    float get(int c, int x, int y) {
        return rgb[c * width * height + y * width + x];
    }

    TestPictures fillRect(int x0, int y0, int x1, int y1, int r, int g, int b) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                set(x, y, r, g, b);
            }
        }
        return this;
    }

    TestPictures disc(double cx, double cy, double radius, int r, int g, int b) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius) {
                    set(x, y, r, g, b);
                }
            }
        }
        return this;
    }

    /** Horizontal-normal stripes (vertical bands) of the given period inside a rectangle: two colours alternating. */
    TestPictures stripes(int x0, int y0, int x1, int y1, int period, int[] a, int[] b) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int[] c = ((x / (period / 2)) % 2 == 0) ? a : b;
                set(x, y, c[0], c[1], c[2]);
            }
        }
        return this;
    }

    TestPictures checks(int x0, int y0, int x1, int y1, int square, int[] a, int[] b) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int[] c = ((x / square + y / square) % 2 == 0) ? a : b;
                set(x, y, c[0], c[1], c[2]);
            }
        }
        return this;
    }

    TestPictures dots(int x0, int y0, int x1, int y1, int spacing, double radius, int[] dot) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double dx = ((x - x0) % spacing) + 0.5 - spacing / 2.0;
                double dy = ((y - y0) % spacing) + 0.5 - spacing / 2.0;
                if (Math.hypot(dx, dy) <= radius) {
                    set(x, y, dot[0], dot[1], dot[2]);
                }
            }
        }
        return this;
    }

    /** Adds seeded Gaussian noise and rounds to 8-bit values, as a decoded photo would be. */
    TestPictures noise(double sigma, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < rgb.length; i++) {
            double u = Math.max(rnd.nextDouble(), 1e-12);
            double gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
            rgb[i] = (float) Math.min(255, Math.max(0, Math.round(rgb[i] + sigma * gauss)));
        }
        return this;
    }

    /** SAM's input: (x − mean)/std on 0–255, zero-padded bottom-right to side × side. */
    float[] samInput(int side) {
        if (width > side || height > side) {
            throw new IllegalArgumentException("image larger than the SAM frame");
        }
        float[] out = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[(c * side + y) * side + x] = (get(c, x, y) - Preprocessing.SAM_PIXEL_MEAN[c]) / Preprocessing.SAM_PIXEL_STD[c];
                }
            }
        }
        return out;
    }

    /** CLIP's input for an image already at the model's size: (x/255 − mean)/std. */
    float[] clipInput() {
        float[] out = new float[rgb.length];
        int plane = width * height;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (rgb[c * plane + i] / 255f - Preprocessing.CLIP_PIXEL_MEAN[c]) / Preprocessing.CLIP_PIXEL_STD[c];
            }
        }
        return out;
    }
}
