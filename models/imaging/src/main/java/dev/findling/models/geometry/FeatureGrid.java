package dev.findling.models.geometry;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Values on a grid of cells laid over an encoder's input frame, layout C×h×w (channel-major, as encoders return
 * them), with the {@link ResizeGeometry} of that frame so that a cell maps back to original pixels. The one shape
 * rule of SAM embeddings and dense CLIP features. Immutable: the array is never handed out.
 */
public final class FeatureGrid {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] values;
    private final ResizeGeometry geometry;

    /**
     * @param what what the grid holds, for the error message
     * @throws IllegalArgumentException when a size is not positive or {@code values} does not hold C×h×w values
     */
    public FeatureGrid(String what, int channels, int height, int width, float[] values, ResizeGeometry geometry) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(what + ": " + channels + "×" + height + "×" + width
                    + " is not a grid (every size must be positive)");
        }
        if (values.length != (long) channels * height * width) {
            throw new IllegalArgumentException(what + ": " + values.length + " values but " + channels + "×" + height
                    + "×" + width + " needs " + ((long) channels * height * width));
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.values = values;
        this.geometry = Objects.requireNonNull(geometry, "geometry");
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public ResizeGeometry geometry() {
        return geometry;
    }

    /** Value of channel c at cell (gx, gy). */
    public float value(int c, int gy, int gx) {
        return values[(c * height + gy) * width + gx];
    }

    /** Read-only view, layout C×h×w. */
    public FloatBuffer view() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }

    /** A copy of all values, layout C×h×w. */
    public float[] copy() {
        return values.clone();
    }
}
