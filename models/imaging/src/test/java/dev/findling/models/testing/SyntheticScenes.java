package dev.findling.models.testing;

import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;

import java.util.SplittableRandom;

/**
 * Seeded scenes with exact ground truth, for every module's tests: a red disc and a blue square on
 * a textured background (diagonal stripes plus pixel noise, in a muted green-grey). The same spec
 * and seed always give the same pixels.
 */
public final class SyntheticScenes {
    /** Background texture. */
    public enum Background {
        /** Diagonal stripes of period 12 px plus noise. */
        STRIPED,
        /** Pixel noise only (σ ≈ 18 levels). */
        NOISY
    }

    /**
     * What to draw; all sizes in pixels of the generated image.
     *
     * @param width        image width
     * @param height       image height
     * @param discCx       disc centre x
     * @param discCy       disc centre y
     * @param discRadius   disc radius
     * @param squareX      square's left edge (the square is omitted when squareSide is 0)
     * @param squareY      square's top edge
     * @param squareSide   square side
     * @param background   background texture
     * @param seed         noise seed
     */
    public record Spec(int width, int height, int discCx, int discCy, int discRadius,
                       int squareX, int squareY, int squareSide, Background background, long seed) {
        public Spec {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("scene must be at least 1×1 but is " + width + "×" + height);
            }
        }

        public Spec withSeed(long s) {
            return new Spec(width, height, discCx, discCy, discRadius, squareX, squareY, squareSide, background, s);
        }

        public Spec withBackground(Background b) {
            return new Spec(width, height, discCx, discCy, discRadius, squareX, squareY, squareSide, b, seed);
        }

        public Spec withDisc(int cx, int cy, int radius) {
            return new Spec(width, height, cx, cy, radius, squareX, squareY, squareSide, background, seed);
        }

        public Spec withSquare(int x, int y, int side) {
            return new Spec(width, height, discCx, discCy, discRadius, x, y, side, background, seed);
        }

        public Spec withoutDisc() {
            return withDisc(discCx, discCy, 0);
        }
    }

    /**
     * A generated scene with the ground-truth masks of its two objects.
     *
     * @param disc   pixels of the red disc (empty when the spec has no disc)
     * @param square pixels of the blue square (empty when the spec has no square)
     */
    public record Scene(Spec spec, RgbImage image, BinaryMask disc, BinaryMask square) {
        public PixelBox discBox() {
            return disc.box().orElseThrow(() -> new IllegalStateException("the scene has no disc"));
        }

        public PixelBox squareBox() {
            return square.box().orElseThrow(() -> new IllegalStateException("the scene has no square"));
        }

        public BinaryMask background() {
            byte[] b = new byte[spec.width() * spec.height()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (disc.get(i) || square.get(i) ? 0 : 1);
            }
            return BinaryMask.wrap(spec.width(), spec.height(), b);
        }
    }

    public static final int[] DISC_RGB = {200, 40, 40};
    public static final int[] SQUARE_RGB = {40, 70, 200};

    private SyntheticScenes() {
    }

    /**
     * The standard scene: disc of radius 0.2·min(W,H) left of centre, square of side 0.25·min(W,H)
     * on the right, striped background.
     */
    public static Spec standard(int width, int height, long seed) {
        int m = Math.min(width, height);
        int r = Math.round(0.2f * m);
        int side = Math.round(0.25f * m);
        return new Spec(width, height, Math.round(0.3f * width), Math.round(0.45f * height), r,
                Math.round(0.62f * width), Math.round(0.3f * height), side, Background.STRIPED, seed);
    }

    /**
     * The same two objects placed at seeded random, non-overlapping positions (sizes also drawn),
     * for PerSAM-style "find the disc in another image" tests.
     */
    public static Spec randomPlacement(int width, int height, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int m = Math.min(width, height);
        for (int attempt = 0; ; attempt++) {
            int r = (int) Math.round(m * (0.12 + 0.1 * rnd.nextDouble()));
            int side = (int) Math.round(m * (0.15 + 0.1 * rnd.nextDouble()));
            int cx = r + 2 + rnd.nextInt(Math.max(1, width - 2 * r - 4));
            int cy = r + 2 + rnd.nextInt(Math.max(1, height - 2 * r - 4));
            int sx = 2 + rnd.nextInt(Math.max(1, width - side - 4));
            int sy = 2 + rnd.nextInt(Math.max(1, height - side - 4));
            // keep a margin of 8% of the short side between the disc and the square
            double nx = Math.max(sx, Math.min(cx, sx + side));
            double ny = Math.max(sy, Math.min(cy, sy + side));
            if (Math.hypot(nx - cx, ny - cy) > r + 0.08 * m || attempt > 200) {
                return new Spec(width, height, cx, cy, r, sx, sy, side,
                        rnd.nextBoolean() ? Background.STRIPED : Background.NOISY, seed);
            }
        }
    }

    public static Scene render(Spec s) {
        int w = s.width();
        int h = s.height();
        SplittableRandom rnd = new SplittableRandom(s.seed());
        byte[] rgb = new byte[3 * w * h];
        byte[] disc = new byte[w * h];
        byte[] square = new byte[w * h];
        long r2 = (long) s.discRadius() * s.discRadius();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int[] base;
                double noise;
                long dx = x - s.discCx();
                long dy = y - s.discCy();
                if (s.discRadius() > 0 && dx * dx + dy * dy <= r2) {
                    disc[i] = 1;
                    base = DISC_RGB;
                    noise = 4;
                } else if (s.squareSide() > 0 && x >= s.squareX() && x < s.squareX() + s.squareSide()
                        && y >= s.squareY() && y < s.squareY() + s.squareSide()) {
                    square[i] = 1;
                    base = SQUARE_RGB;
                    noise = 4;
                } else {
                    boolean stripe = s.background() == Background.STRIPED && ((x + y) % 12) < 6;
                    base = stripe ? new int[]{150, 160, 120} : new int[]{110, 125, 95};
                    noise = s.background() == Background.STRIPED ? 8 : 18;
                }
                double n = noise * gaussian(rnd);
                for (int c = 0; c < 3; c++) {
                    rgb[3 * i + c] = (byte) clamp(base[c] + n + 2 * gaussian(rnd));
                }
            }
        }
        return new Scene(s, RgbImage.wrap(w, h, rgb), BinaryMask.wrap(w, h, disc), BinaryMask.wrap(w, h, square));
    }

    /** {@code render(standard(width, height, seed))}. */
    public static Scene standardScene(int width, int height, long seed) {
        return render(standard(width, height, seed));
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian in Java 17.
        double u = Math.max(rnd.nextDouble(), 1e-12);
        double v = rnd.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v); // same pixels on every JVM
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
