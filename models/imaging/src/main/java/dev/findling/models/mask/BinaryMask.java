package dev.findling.models.mask;

import java.util.Arrays;
import java.util.Optional;

/**
 * A binary mask at some image's size, row-major, one byte per pixel (0 or 1). Immutable.
 */
public final class BinaryMask {
    private final int width;
    private final int height;
    private final byte[] bits;

    private BinaryMask(int width, int height, byte[] bits) {
        this.width = width;
        this.height = height;
        this.bits = bits;
    }

    /** Takes ownership of {@code bits}; any non-zero byte counts as set. */
    public static BinaryMask wrap(int width, int height, byte[] bits) {
        if (bits.length != (long) width * height) {
            throw new IllegalArgumentException("mask data has " + bits.length + " values but "
                    + width + "×" + height + " needs " + ((long) width * height));
        }
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0) {
                bits[i] = 1;
            }
        }
        return new BinaryMask(width, height, bits);
    }

    public static BinaryMask empty(int width, int height) {
        return new BinaryMask(width, height, new byte[width * height]);
    }

    /** Pixels whose logit is above 0 — SAM's mask threshold. */
    public static BinaryMask fromLogits(int width, int height, float[] logits) {
        byte[] b = new byte[width * height];
        for (int i = 0; i < b.length; i++) {
            b[i] = logits[i] > 0f ? (byte) 1 : 0;
        }
        return new BinaryMask(width, height, b);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean get(int x, int y) {
        return bits[y * width + x] != 0;
    }

    public boolean get(int index) {
        return bits[index] != 0;
    }

    public long area() {
        long n = 0;
        for (byte b : bits) {
            n += b;
        }
        return n;
    }

    public boolean isEmpty() {
        for (byte b : bits) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public double areaRatio() {
        return area() / (double) bits.length;
    }

    /** Tight bounding box of the set pixels, inclusive-exclusive; empty when nothing is set. */
    public Optional<PixelBox> box() {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++) {
            int o = y * width;
            for (int x = 0; x < width; x++) {
                if (bits[o + x] != 0) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
            }
        }
        return x1 < 0 ? Optional.empty() : Optional.of(new PixelBox(x0, y0, x1 + 1, y1 + 1));
    }

    public long intersectionArea(BinaryMask other) {
        requireSameSize(other);
        long n = 0;
        for (int i = 0; i < bits.length; i++) {
            n += bits[i] & other.bits[i];
        }
        return n;
    }

    public long unionArea(BinaryMask other) {
        requireSameSize(other);
        long n = 0;
        for (int i = 0; i < bits.length; i++) {
            n += bits[i] | other.bits[i];
        }
        return n;
    }

    /** Intersection over union; two empty masks count as a perfect match (1.0). */
    public double iou(BinaryMask other) {
        long union = unionArea(other);
        return union == 0 ? 1.0 : intersectionArea(other) / (double) union;
    }

    public BinaryMask union(BinaryMask other) {
        requireSameSize(other);
        byte[] b = new byte[bits.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (bits[i] | other.bits[i]);
        }
        return new BinaryMask(width, height, b);
    }

    /** A copy of the 0/1 values, row-major. */
    public byte[] toBytes() {
        return bits.clone();
    }

    private void requireSameSize(BinaryMask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("mask is " + other.width + "×" + other.height
                    + " but expected " + width + "×" + height);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(bits);
    }
}
