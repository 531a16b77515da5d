package dev.findling.models.image;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An 8-bit RGB image, row-major and interleaved (r,g,b per pixel). Immutable: the pixel array is
 * owned by this object and only ever exposed read-only, so one decoded image can be shared by
 * concurrent requests.
 *
 * <p>A photo far larger than the models need may be decoded as a <em>reduced copy</em>
 * ({@link ImageDecoder#read(byte[], ImageLimits, WorkingResolution)}): its pixels are {@link #width()}×{@link #height()},
 * while {@link #sourceWidth()}×{@link #sourceHeight()} keep the photo's own size, the size every output (masks,
 * boxes, points) is given in. For every other image the two sizes are the same.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;
    private final int sourceWidth;
    private final int sourceHeight;

    private RgbImage(int width, int height, byte[] rgb) {
        this(width, height, rgb, width, height);
    }

    private RgbImage(int width, int height, byte[] rgb, int sourceWidth, int sourceHeight) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
    }

    /** Copies {@code rgb} (length 3·width·height, interleaved r,g,b, row-major). */
    public static RgbImage of(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image must be at least 1×1 but is " + width + "×" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("expected " + (3L * width * height) + " bytes for a "
                    + width + "×" + height + " RGB image but got " + rgb.length);
        }
        return new RgbImage(width, height, rgb.clone());
    }

    /** Takes ownership of {@code rgb} without copying; for decoders and generators that just built it. */
    public static RgbImage wrap(int width, int height, byte[] rgb) {
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("expected " + (3L * width * height) + " bytes but got " + rgb.length);
        }
        return new RgbImage(width, height, rgb);
    }

    /**
     * Takes ownership of {@code rgb}, the pixels of a reduced copy of a {@code sourceWidth}×{@code sourceHeight}
     * photo; the source must be at least as large as the copy on both axes.
     */
    public static RgbImage wrapReduced(int width, int height, byte[] rgb, int sourceWidth, int sourceHeight) {
        if (sourceWidth < width || sourceHeight < height) {
            throw new IllegalArgumentException("a reduced copy is " + width + "×" + height
                    + " but its source is only " + sourceWidth + "×" + sourceHeight);
        }
        RgbImage pixels = wrap(width, height, rgb);
        return new RgbImage(width, height, pixels.rgb, sourceWidth, sourceHeight);
    }

    /** Converts any {@link BufferedImage} (alpha is dropped, colour models converted to sRGB). */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int o = 3 * y * w;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[o++] = (byte) (p >> 16);
                out[o++] = (byte) (p >> 8);
                out[o++] = (byte) p;
            }
        }
        return new RgbImage(w, h, out);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int o = 3 * y * width;
            for (int x = 0; x < width; x++) {
                row[x] = ((rgb[o] & 0xff) << 16) | ((rgb[o + 1] & 0xff) << 8) | (rgb[o + 2] & 0xff);
                o += 3;
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Width of the photo these pixels show: {@link #width()} unless this is a reduced copy. */
    public int sourceWidth() {
        return sourceWidth;
    }

    /** Height of the photo these pixels show: {@link #height()} unless this is a reduced copy. */
    public int sourceHeight() {
        return sourceHeight;
    }

    /** True for a reduced copy of a larger photo (see the class comment). */
    public boolean isReduced() {
        return sourceWidth != width || sourceHeight != height;
    }

    public long pixelCount() {
        return (long) width * height;
    }

    /** Channel value 0–255 of pixel (x, y); channel 0 = red, 1 = green, 2 = blue. */
    public int channel(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xff;
    }

    /** A read-only view of the interleaved pixels, for hot loops that must not copy. */
    public ByteBuffer pixels() {
        return ByteBuffer.wrap(rgb).asReadOnlyBuffer();
    }

    public byte[] copyPixels() {
        return rgb.clone();
    }
}
