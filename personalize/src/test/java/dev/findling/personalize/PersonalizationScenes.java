package dev.findling.personalize;

import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded scenes for PerSAM's synthetic benchmark: a concept (a shape with its own colour and
 * texture) placed at varied scale, position and rotation over varied backgrounds, with distractor
 * objects of other colours/textures, and scenes where the concept is absent. Ground truth is exact.
 */
final class PersonalizationScenes {
    enum Texture { SOLID, STRIPES, CHECKER, DOTS }

    enum Shape { ELLIPSE, ROUNDED_SQUARE, TRIANGLE }

    /** What an object looks like: base colour, texture (with its second colour) and outline. */
    record Look(String name, int[] rgb, int[] rgb2, Texture texture, Shape shape, double aspect) {
    }

    /** The concepts of the benchmark: distinct in colour and/or texture. */
    static final List<Look> CONCEPTS = List.of(
            new Look("red-disc", new int[] {205, 40, 45}, new int[] {205, 40, 45}, Texture.SOLID, Shape.ELLIPSE, 1.0),
            new Look("yellow-striped-box", new int[] {230, 200, 40}, new int[] {40, 40, 40}, Texture.STRIPES, Shape.ROUNDED_SQUARE, 0.8),
            new Look("blue-checker-oval", new int[] {40, 80, 210}, new int[] {235, 235, 235}, Texture.CHECKER, Shape.ELLIPSE, 0.6),
            new Look("green-dotted-triangle", new int[] {40, 170, 70}, new int[] {240, 240, 200}, Texture.DOTS, Shape.TRIANGLE, 1.0),
            new Look("purple-square", new int[] {130, 50, 160}, new int[] {130, 50, 160}, Texture.SOLID, Shape.ROUNDED_SQUARE, 1.0));

    /** Backgrounds: flat-ish colour with noise, fine stripes, a smooth gradient, coarse blotches. */
    enum Background { NOISE, STRIPES, GRADIENT, BLOTCHES }

    /** A scene: the image, the concept's ground truth (empty when absent) and where it is. */
    record Scene(RgbImage image, BinaryMask truth, boolean present, String description) {
    }

    private PersonalizationScenes() {
    }

    /**
     * Renders a scene.
     *
     * @param concept  the concept's look
     * @param present  whether the concept is in the image
     * @param instances how many copies of the concept (when present)
     */
    static Scene render(Look concept, boolean present, int instances, int width, int height, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Background bg = Background.values()[r.nextInt(Background.values().length)];
        int[] bgA = {60 + r.nextInt(140), 60 + r.nextInt(140), 60 + r.nextInt(140)};
        int[] bgB = {60 + r.nextInt(140), 60 + r.nextInt(140), 60 + r.nextInt(140)};
        // Keep the background away from the concept's colour, or "absent" would not be absent.
        bgA = awayFrom(bgA, concept.rgb());
        bgB = awayFrom(bgB, concept.rgb());
        float[] img = new float[3 * width * height];
        double blotPhase = r.nextDouble() * 6.28;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double t = switch (bg) {
                    case NOISE -> 0.5;
                    case STRIPES -> ((x + 2 * y) / 10) % 2 == 0 ? 0.0 : 1.0;
                    case GRADIENT -> x / (double) width;
                    case BLOTCHES -> 0.5 + 0.5 * Math.sin(x / 37.0 + blotPhase) * Math.cos(y / 29.0 - blotPhase);
                };
                int i = 3 * (y * width + x);
                for (int c = 0; c < 3; c++) {
                    img[i + c] = (float) (bgA[c] * (1 - t) + bgB[c] * t);
                }
            }
        }
        int m = Math.min(width, height);
        List<double[]> placed = new ArrayList<>();
        byte[] truth = new byte[width * height];
        // Distractors: other concepts' looks, never the concept's own.
        int distractors = 1 + r.nextInt(3);
        for (int d = 0; d < distractors; d++) {
            Look other = CONCEPTS.get(r.nextInt(CONCEPTS.size()));
            if (other.name().equals(concept.name())) {
                other = CONCEPTS.get((CONCEPTS.indexOf(other) + 1) % CONCEPTS.size());
            }
            double[] p = place(r, width, height, m, placed);
            if (p != null) {
                draw(img, null, width, height, other, p, r.split());
            }
        }
        if (present) {
            for (int k = 0; k < instances; k++) {
                double[] p = place(r, width, height, m, placed);
                if (p != null) {
                    draw(img, truth, width, height, concept, p, r.split());
                }
            }
        }
        byte[] rgb = new byte[img.length];
        for (int i = 0; i < img.length; i++) {
            double noise = (r.nextDouble() - 0.5) * 16;
            rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(img[i] + noise)));
        }
        String desc = concept.name() + (present ? " ×" + instances : " absent") + " on " + bg + " (" + width + "×" + height + ", seed " + seed + ")";
        return new Scene(RgbImage.wrap(width, height, rgb), BinaryMask.wrap(width, height, truth), present, desc);
    }

    private static int[] awayFrom(int[] c, int[] avoid) {
        double d = Math.sqrt(Math.pow(c[0] - avoid[0], 2) + Math.pow(c[1] - avoid[1], 2) + Math.pow(c[2] - avoid[2], 2));
        if (d >= 110) {
            return c;
        }
        return new int[] {255 - avoid[0] / 2 - 40, 255 - avoid[1] / 2 - 40, 255 - avoid[2] / 2 - 40};
    }

    /** centre x, centre y, radius, rotation — not overlapping earlier objects. */
    private static double[] place(SplittableRandom r, int w, int h, int m, List<double[]> placed) {
        for (int attempt = 0; attempt < 100; attempt++) {
            double rad = m * (0.09 + 0.11 * r.nextDouble());
            double cx = rad + 4 + r.nextDouble() * (w - 2 * rad - 8);
            double cy = rad + 4 + r.nextDouble() * (h - 2 * rad - 8);
            boolean free = true;
            for (double[] p : placed) {
                if (Math.hypot(p[0] - cx, p[1] - cy) < p[2] + rad + 0.04 * m) {
                    free = false;
                    break;
                }
            }
            if (free) {
                double[] p = {cx, cy, rad, r.nextDouble() * Math.PI};
                placed.add(p);
                return p;
            }
        }
        return null;
    }

    private static void draw(float[] img, byte[] truth, int w, int h, Look look, double[] p, SplittableRandom r) {
        double cx = p[0], cy = p[1], rad = p[2], rot = p[3];
        double cos = Math.cos(rot), sin = Math.sin(rot);
        // Textures are fine-grained (a period of 7–10 px, about one 16-px feature cell in the 1024 frame):
        // that is what a texture is to a cell-level encoder. Coarser patterns are parts, not texture.
        double period = switch (look.texture()) {
            case STRIPES -> 7;
            case CHECKER -> 9;
            case DOTS -> 10;
            case SOLID -> 1;
        };
        int x0 = (int) Math.max(0, cx - rad - 2), x1 = (int) Math.min(w - 1, cx + rad + 2);
        int y0 = (int) Math.max(0, cy - rad - 2), y1 = (int) Math.min(h - 1, cy + rad + 2);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                // Object frame: rotated, normalised to the radius.
                double u = ((x - cx) * cos + (y - cy) * sin) / rad;
                double v = (-(x - cx) * sin + (y - cy) * cos) / rad;
                if (!inside(look, u, v)) {
                    continue;
                }
                double pu = u * rad, pv = v * rad;
                boolean second = switch (look.texture()) {
                    case SOLID -> false;
                    case STRIPES -> Math.floorMod((long) Math.floor(pu / period), 2L) == 0;
                    case CHECKER -> (Math.floorMod((long) Math.floor(pu / period), 2L) + Math.floorMod((long) Math.floor(pv / period), 2L)) % 2 == 0;
                    case DOTS -> {
                        double gu = pu / period - Math.floor(pu / period) - 0.5;
                        double gv = pv / period - Math.floor(pv / period) - 0.5;
                        yield gu * gu + gv * gv < 0.09;
                    }
                };
                int[] c = second ? look.rgb2() : look.rgb();
                int i = 3 * (y * w + x);
                for (int k = 0; k < 3; k++) {
                    img[i + k] = c[k];
                }
                if (truth != null) {
                    truth[y * w + x] = 1;
                }
            }
        }
    }

    private static boolean inside(Look look, double u, double v) {
        return switch (look.shape()) {
            case ELLIPSE -> u * u + (v / look.aspect()) * (v / look.aspect()) <= 1;
            case ROUNDED_SQUARE -> Math.pow(Math.abs(u) / 0.85, 6) + Math.pow(Math.abs(v) / (0.85 * look.aspect()), 6) <= 1;
            case TRIANGLE -> v <= 0.5 && v >= -1 + 0 && Math.abs(u) <= (0.5 - v) * 0.7 && v >= -0.9;
        };
    }
}
