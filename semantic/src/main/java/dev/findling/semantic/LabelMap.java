package dev.findling.semantic;

import dev.findling.models.mask.BinaryMask;

import java.util.List;

/**
 * One label per pixel at the original image size, row-major: 0 is background, {@code i + 1} is
 * {@code classNames().get(i)}. Immutable.
 */
public final class LabelMap {
    public static final int BACKGROUND = 0;

    private final int width;
    private final int height;
    private final byte[] labels;
    private final List<String> classNames;

    LabelMap(int width, int height, byte[] labels, List<String> classNames) {
        if (labels.length != width * height) {
            throw new IllegalArgumentException("label map has " + labels.length + " labels but " + width + "×" + height
                    + " needs " + (width * height));
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Class names in label order (label i + 1 is element i). */
    public List<String> classNames() {
        return classNames;
    }

    /** Label of pixel (x, y): 0 for background, else 1-based class index. */
    public int label(int x, int y) {
        return labels[y * width + x] & 0xff;
    }

    /** Label of pixel index {@code y · width + x}. */
    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** A copy of the labels, row-major, one unsigned byte per pixel. */
    public byte[] toBytes() {
        return labels.clone();
    }

    /** A copy of the labels as ints. */
    public int[] toInts() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i] & 0xff;
        }
        return out;
    }

    /** Pixels with the given label. */
    public BinaryMask mask(int label) {
        byte[] bits = new byte[labels.length];
        byte l = (byte) label;
        for (int i = 0; i < bits.length; i++) {
            bits[i] = labels[i] == l ? (byte) 1 : 0;
        }
        return BinaryMask.wrap(width, height, bits);
    }
}
