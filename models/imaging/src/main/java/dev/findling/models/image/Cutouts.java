package dev.findling.models.image;

import dev.findling.models.geometry.ReducedCopies;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.PixelBox;

import java.util.Optional;

/**
 * Turns an image and a mask into what users take away: transparent cut-outs, cut-outs on white,
 * crops around the object, and overlays that show a mask on its photo. Given a reduced copy of a large photo
 * ({@link RgbImage#isReduced()}) and the photo-size mask, cut-outs and overlays are drawn at the copy's size.
 * All work on the interleaved bytes directly; a 12 MP image takes tens of milliseconds, not seconds.
 */
public final class Cutouts {
    private Cutouts() {
    }

    /** The image as an RGBA PNG, opaque inside the mask and fully transparent outside. */
    public static byte[] rgbaPng(RgbImage image, BinaryMask photoMask) {
        BinaryMask mask = fitted(image, photoMask);
        int w = image.width();
        java.nio.ByteBuffer rgb = image.pixels();
        // Row by row: a cut-out of a large photo never needs a full-size RGBA copy besides the PNG itself.
        return PngWriter.write(w, image.height(), 4, (y, rgba) -> {
            int m = y * w;
            int s = 3 * m;
            for (int x = 0, o = 0; x < w; x++, s += 3, o += 4) {
                if (mask.get(m + x)) {
                    rgba[o] = rgb.get(s);
                    rgba[o + 1] = rgb.get(s + 1);
                    rgba[o + 2] = rgb.get(s + 2);
                    rgba[o + 3] = (byte) 0xFF;
                } else {
                    // Outside: transparent black, which also compresses to nothing.
                    rgba[o] = rgba[o + 1] = rgba[o + 2] = rgba[o + 3] = 0;
                }
            }
        }, PngWriter.PHOTO_LEVEL);
    }

    /** The image as an RGB PNG with everything outside the mask white (training-set style cut-out). */
    public static byte[] onWhitePng(RgbImage image, BinaryMask mask) {
        return PngWriter.rgb(onWhite(image, mask));
    }

    public static RgbImage onWhite(RgbImage image, BinaryMask photoMask) {
        BinaryMask mask = fitted(image, photoMask);
        byte[] rgb = image.copyPixels();
        byte[] bits = mask.toBytes();
        for (int i = 0, s = 0; i < bits.length; i++, s += 3) {
            if (bits[i] == 0) {
                rgb[s] = (byte) 0xFF;
                rgb[s + 1] = (byte) 0xFF;
                rgb[s + 2] = (byte) 0xFF;
            }
        }
        return RgbImage.wrap(image.width(), image.height(), rgb);
    }

    /** The pixels inside {@code box}, which must lie within the image. */
    public static RgbImage crop(RgbImage image, PixelBox box) {
        requireInside(box, image.width(), image.height());
        if (box.width() == 0 || box.height() == 0) {
            throw new IllegalArgumentException("cannot crop to an empty box " + box);
        }
        java.nio.ByteBuffer src = image.pixels();
        byte[] out = new byte[3 * box.width() * box.height()];
        int rowBytes = 3 * box.width();
        for (int y = 0; y < box.height(); y++) {
            src.get(3 * ((box.y0() + y) * image.width() + box.x0()), out, y * rowBytes, rowBytes);
        }
        return RgbImage.wrap(box.width(), box.height(), out);
    }

    /** The part of {@code mask} inside {@code box}, which must lie within the mask. */
    public static BinaryMask crop(BinaryMask mask, PixelBox box) {
        requireInside(box, mask.width(), mask.height());
        if (box.width() == 0 || box.height() == 0) {
            throw new IllegalArgumentException("cannot crop to an empty box " + box);
        }
        byte[] out = new byte[box.width() * box.height()];
        for (int y = 0; y < box.height(); y++) {
            int from = (box.y0() + y) * mask.width() + box.x0();
            int to = y * box.width();
            for (int x = 0; x < box.width(); x++) {
                out[to + x] = mask.get(from + x) ? (byte) 1 : 0;
            }
        }
        return BinaryMask.wrap(box.width(), box.height(), out);
    }

    /**
     * The crop around a mask's object: its tight box grown by {@code marginFraction} of the box's
     * longer side on every side, optionally made square (growing the shorter side around the centre),
     * then shifted and finally clipped to stay inside the image. A square box stays square unless the
     * image itself is too narrow.
     *
     * @return empty when the mask has no foreground
     */
    public static Optional<PixelBox> cropBox(BinaryMask mask, double marginFraction, boolean square) {
        if (marginFraction < 0 || Double.isNaN(marginFraction)) {
            throw new IllegalArgumentException("margin must be ≥ 0 but is " + marginFraction);
        }
        Optional<PixelBox> tight = mask.box();
        if (tight.isEmpty()) {
            return Optional.empty();
        }
        PixelBox b = tight.get();
        int margin = (int) Math.round(Math.max(b.width(), b.height()) * marginFraction);
        int w = b.width() + 2 * margin;
        int h = b.height() + 2 * margin;
        if (square) {
            w = h = Math.max(w, h);
        }
        w = Math.min(w, mask.width());
        h = Math.min(h, mask.height());
        // Centre on the object, then slide back inside the image.
        int x0 = (b.x0() + b.x1() - w) / 2;
        int y0 = (b.y0() + b.y1() - h) / 2;
        x0 = Math.max(0, Math.min(x0, mask.width() - w));
        y0 = Math.max(0, Math.min(y0, mask.height() - h));
        return Optional.of(new PixelBox(x0, y0, x0 + w, y0 + h));
    }

    /**
     * The image with the mask tinted in {@code rgbColor} (45 % opacity) and outlined in the same
     * colour, as the UI's match gallery shows it. The outline is about 1/300 of the longer side
     * thick (at least 1 pixel), so it stays visible in thumbnails.
     */
    public static RgbImage overlay(RgbImage image, BinaryMask photoMask, int rgbColor) {
        BinaryMask mask = fitted(image, photoMask);
        int w = image.width();
        int h = image.height();
        int thickness = Math.max(1, Math.max(w, h) / 300);
        byte[] bits = mask.toBytes();
        byte[] inner = erode(bits, w, h, thickness);
        byte[] rgb = image.copyPixels();
        int cr = (rgbColor >> 16) & 0xFF;
        int cg = (rgbColor >> 8) & 0xFF;
        int cb = rgbColor & 0xFF;
        final int alpha = 115; // of 255: about 45 %
        for (int i = 0, s = 0; i < bits.length; i++, s += 3) {
            if (bits[i] == 0) {
                continue;
            }
            if (inner[i] == 0) {
                rgb[s] = (byte) cr;
                rgb[s + 1] = (byte) cg;
                rgb[s + 2] = (byte) cb;
            } else {
                rgb[s] = (byte) blend(rgb[s] & 0xFF, cr, alpha);
                rgb[s + 1] = (byte) blend(rgb[s + 1] & 0xFF, cg, alpha);
                rgb[s + 2] = (byte) blend(rgb[s + 2] & 0xFF, cb, alpha);
            }
        }
        return RgbImage.wrap(w, h, rgb);
    }

    public static byte[] overlayPng(RgbImage image, BinaryMask mask, int rgbColor) {
        return PngWriter.rgb(overlay(image, mask, rgbColor));
    }

    private static int blend(int base, int colour, int alpha) {
        return (base * (255 - alpha) + colour * alpha + 127) / 255;
    }

    /**
     * Erosion by a (2r+1)² square: a pixel stays set only when every pixel within {@code r} (and
     * inside the image) is set. Separable, row-ordered (prefix sums along rows, running column counts
     * down the image) so it streams through memory and its cost does not grow with r.
     */
    static byte[] erode(byte[] bits, int w, int h, int r) {
        byte[] horizontal = new byte[bits.length];
        int[] prefix = new int[w + 1];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                prefix[x + 1] = prefix[x] + bits[o + x];
            }
            for (int x = 0; x < w; x++) {
                int lo = Math.max(0, x - r);
                int hi = Math.min(w - 1, x + r);
                horizontal[o + x] = (byte) (prefix[hi + 1] - prefix[lo] == hi - lo + 1 ? 1 : 0);
            }
        }
        byte[] out = new byte[bits.length];
        int[] count = new int[w]; // set pixels of `horizontal` in each column within the current row window
        for (int y = 0; y <= Math.min(r, h - 1); y++) {
            addRow(count, horizontal, y * w, 1);
        }
        for (int y = 0; y < h; y++) {
            int need = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
            int o = y * w;
            for (int x = 0; x < w; x++) {
                out[o + x] = (byte) (count[x] == need ? 1 : 0);
            }
            if (y + 1 + r < h) {
                addRow(count, horizontal, (y + 1 + r) * w, 1);
            }
            if (y - r >= 0) {
                addRow(count, horizontal, (y - r) * w, -1);
            }
        }
        return out;
    }

    private static void addRow(int[] count, byte[] rows, int offset, int sign) {
        for (int x = 0; x < count.length; x++) {
            count[x] += sign * rows[offset + x];
        }
    }

    /**
     * The mask at the image's pixel size: the mask itself, or — for a reduced copy of a large photo and a mask at the
     * photo's size — the mask sampled down to the copy, so previews of large photos are drawn at the copy's size.
     */
    private static BinaryMask fitted(RgbImage image, BinaryMask mask) {
        if (image.isReduced() && mask.width() == image.sourceWidth() && mask.height() == image.sourceHeight()) {
            return ReducedCopies.nearest(mask, image.width(), image.height());
        }
        requireSameSize(image, mask);
        return mask;
    }

    private static void requireSameSize(RgbImage image, BinaryMask mask) {
        if (image.width() != mask.width() || image.height() != mask.height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "×" + mask.height()
                    + " but the image is " + image.width() + "×" + image.height());
        }
    }

    private static void requireInside(PixelBox box, int width, int height) {
        if (box.x0() < 0 || box.y0() < 0 || box.x1() > width || box.y1() > height) {
            throw new IllegalArgumentException("box " + box + " reaches outside the " + width + "×" + height + " image");
        }
    }
}
