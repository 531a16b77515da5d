package dev.findling.app.library;

import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small seeded synthetic photo album with exact ground truth, so that a fresh install has something to search:
 * a distinctive demo object — a red-and-cream striped mug with a handle — appears in half of the photos at varied
 * positions and sizes; every photo also has distractors (a blue box, a green ball, a yellow wedge) on one of several
 * textured backgrounds. The same seed always gives the same pixels.
 *
 * <p>This is demo data, not a benchmark: it exists so the README's first command shows a working library search
 * with the reference pack, whose classical features separate colour and texture.
 */
public final class DemoAlbum {
    public static final int WIDTH = 480;
    public static final int HEIGHT = 360;
    public static final int DEFAULT_COUNT = 20;
    public static final long DEFAULT_SEED = 20241126L;

    static final int[] MUG_RED = {196, 28, 42};
    static final int[] MUG_CREAM = {236, 226, 204};
    /** Stripe height of the mug body, in pixels. */
    static final int STRIPE = 7;

    /**
     * One photo of the album.
     *
     * @param fileName   e.g. {@code demo-01.png}
     * @param image      the pixels
     * @param objectMask the demo object's pixels (empty when absent)
     */
    public record Photo(String fileName, RgbImage image, BinaryMask objectMask) {
        public boolean containsObject() {
            return !objectMask.isEmpty();
        }
    }

    private DemoAlbum() {
    }

    /** The album: photos with the object at even positions of a seeded shuffle, so exactly half contain it. */
    public static List<Photo> generate(int count, long seed) {
        if (count < 2 || count > 500) {
            throw new IllegalArgumentException("count must be 2..500 but is " + count);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] present = new boolean[count];
        for (int i = 0; i < count; i++) {
            present[i] = i % 2 == 0;
        }
        // Shuffle all but the first photo, which stays a clear example (the demo concept's reference).
        for (int i = count - 1; i > 1; i--) {
            int j = 1 + rnd.nextInt(i);
            boolean t = present[i];
            present[i] = present[j];
            present[j] = t;
        }
        List<Photo> photos = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "demo-%02d.png", i + 1);
            photos.add(render(name, present[i], i == 0, rnd.split()));
        }
        return photos;
    }

    public static List<Photo> generate() {
        return generate(DEFAULT_COUNT, DEFAULT_SEED);
    }

    /** Writes the photos as PNGs into {@code folder} (created when missing) and returns them. */
    public static List<Photo> write(Path folder, int count, long seed) throws IOException {
        Files.createDirectories(folder);
        List<Photo> photos = generate(count, seed);
        for (Photo p : photos) {
            Path temp = folder.resolve("." + p.fileName() + ".tmp");
            Files.write(temp, PngWriter.rgb(p.image()));
            Files.move(temp, folder.resolve(p.fileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return photos;
    }

    private static Photo render(String name, boolean withObject, boolean centred, SplittableRandom rnd) {
        int w = WIDTH;
        int h = HEIGHT;
        byte[] rgb = new byte[3 * w * h];
        byte[] object = new byte[w * h];
        int bg = rnd.nextInt(3);
        int[] base = switch (bg) {
            case 0 -> new int[]{150, 160, 120};
            case 1 -> new int[]{120, 110, 100};
            default -> new int[]{140, 150, 160};
        };
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = switch (bg) {
                    case 0 -> ((x + y) % 14) < 7 ? 12 : -12;          // diagonal stripes
                    case 1 -> 10 * Math.sin(x / 9.0 + 3 * Math.sin(y / 40.0)); // wood grain
                    default -> 20.0 * y / h - 10;                      // a soft vertical gradient
                };
                double n = 7 * gaussian(rnd);
                set(rgb, w, x, y, base[0] + t + n, base[1] + t + n, base[2] + t + n);
            }
        }
        List<int[]> occupied = new ArrayList<>();
        if (withObject) {
            int bodyW = centred ? 90 : 55 + rnd.nextInt(50);
            int bodyH = Math.round(bodyW * 1.15f);
            int handle = Math.round(bodyW * 0.32f);
            int x0 = centred ? 150 : 8 + rnd.nextInt(w - bodyW - handle - 16);
            int y0 = centred ? 110 : 8 + rnd.nextInt(h - bodyH - 16);
            drawMug(rgb, object, w, x0, y0, bodyW, bodyH, handle, rnd);
            occupied.add(new int[]{x0 - 10, y0 - 10, x0 + bodyW + handle + 10, y0 + bodyH + 10});
        }
        // Distractors: never red, never striped, so "the mug" is what makes a photo a match.
        int distractors = 2 + rnd.nextInt(2);
        for (int d = 0; d < distractors; d++) {
            int kind = (d + rnd.nextInt(3)) % 3;
            int size = 45 + rnd.nextInt(45);
            int[] box = place(occupied, size, rnd);
            if (box == null) {
                continue;
            }
            occupied.add(box);
            switch (kind) {
                case 0 -> fillRect(rgb, w, box[0], box[1], size, size, new int[]{40, 70, 200}, rnd);
                case 1 -> fillDisc(rgb, w, box[0] + size / 2, box[1] + size / 2, size / 2, new int[]{50, 160, 70}, rnd);
                default -> fillWedge(rgb, w, box[0], box[1], size, new int[]{225, 200, 40}, rnd);
            }
        }
        return new Photo(name, RgbImage.wrap(w, h, rgb), BinaryMask.wrap(w, h, object));
    }

    private static int[] place(List<int[]> occupied, int size, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int x = 4 + rnd.nextInt(WIDTH - size - 8);
            int y = 4 + rnd.nextInt(HEIGHT - size - 8);
            int[] box = {x, y, x + size, y + size};
            boolean free = occupied.stream().noneMatch(o -> box[0] < o[2] + 8 && o[0] < box[2] + 8
                    && box[1] < o[3] + 8 && o[1] < box[3] + 8);
            if (free) {
                return box;
            }
        }
        return null;
    }

    /** A striped body with a rim and a ring handle on the right; the object mask covers body and handle. */
    private static void drawMug(byte[] rgb, byte[] mask, int w, int x0, int y0, int bodyW, int bodyH, int handle,
                                SplittableRandom rnd) {
        for (int y = y0; y < y0 + bodyH; y++) {
            for (int x = x0; x < x0 + bodyW; x++) {
                boolean stripe = ((y - y0) / STRIPE) % 2 == 0;
                int[] c = stripe ? MUG_RED : MUG_CREAM;
                double n = 3 * gaussian(rnd);
                set(rgb, w, x, y, c[0] + n, c[1] + n, c[2] + n);
                mask[y * w + x] = 1;
            }
        }
        // Handle: a red ring centred on the body's right edge, outside the body.
        double cx = x0 + bodyW;
        double cy = y0 + bodyH / 2.0;
        double outer = handle;
        double inner = handle * 0.55;
        for (int y = (int) (cy - outer); y <= cy + outer; y++) {
            for (int x = x0 + bodyW; x <= cx + outer; x++) {
                double r = Math.hypot(x - cx, y - cy);
                if (r <= outer && r >= inner && x >= 0 && x < w && y >= 0 && y < HEIGHT) {
                    double n = 3 * gaussian(rnd);
                    set(rgb, w, x, y, MUG_RED[0] + n, MUG_RED[1] + n, MUG_RED[2] + n);
                    mask[y * w + x] = 1;
                }
            }
        }
    }

    private static void fillRect(byte[] rgb, int w, int x0, int y0, int rw, int rh, int[] c, SplittableRandom rnd) {
        for (int y = y0; y < y0 + rh; y++) {
            for (int x = x0; x < x0 + rw; x++) {
                double n = 4 * gaussian(rnd);
                set(rgb, w, x, y, c[0] + n, c[1] + n, c[2] + n);
            }
        }
    }

    private static void fillDisc(byte[] rgb, int w, int cx, int cy, int r, int[] c, SplittableRandom rnd) {
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                if ((long) (x - cx) * (x - cx) + (long) (y - cy) * (y - cy) <= (long) r * r) {
                    double n = 4 * gaussian(rnd);
                    set(rgb, w, x, y, c[0] + n, c[1] + n, c[2] + n);
                }
            }
        }
    }

    private static void fillWedge(byte[] rgb, int w, int x0, int y0, int size, int[] c, SplittableRandom rnd) {
        for (int y = y0; y < y0 + size; y++) {
            int span = (y - y0 + 1);
            for (int x = x0; x < x0 + span; x++) {
                double n = 4 * gaussian(rnd);
                set(rgb, w, x, y, c[0] + n, c[1] + n, c[2] + n);
            }
        }
    }

    private static void set(byte[] rgb, int w, int x, int y, double r, double g, double b) {
        int i = 3 * (y * w + x);
        rgb[i] = (byte) clamp(r);
        rgb[i + 1] = (byte) clamp(g);
        rgb[i + 2] = (byte) clamp(b);
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = Math.max(rnd.nextDouble(), 1e-12);
        double v = rnd.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
