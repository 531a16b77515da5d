package dev.findling.models.geometry;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Values on a grid of cells laid over an encoder's input frame, layout C×h×w (channel-major, as encoders return
 * them), with the {@link ResizeGeometry} of that frame so that a cell maps back to original pixels. The one shape
 * rule of SAM embeddings and dense CLIP features, which extend it with their own names for what the channels are.
 * Immutable: the array is never handed out.
 */
public abstract class FeatureGrid {
    private final int channels;
    private final int gridHeight;
    private final int gridWidth;
    private final float[] values;
    private final ResizeGeometry geometry;

    /**
     * @param what what the grid holds, for the error message
     * @throws IllegalArgumentException when a size is not positive or {@code values} does not hold C×h×w values
     */
    protected FeatureGrid(String what, int channels, int gridHeight, int gridWidth, float[] values, ResizeGeometry geometry) {
        if (channels <= 0 || gridHeight <= 0 || gridWidth <= 0) {
            throw new IllegalArgumentException(what + ": " + channels + "×" + gridHeight + "×" + gridWidth
                    + " is not a grid (every size must be positive)");
        }
        if (values.length != (long) channels * gridHeight * gridWidth) {
            throw new IllegalArgumentException(what + ": " + values.length + " values but " + channels + "×" + gridHeight
                    + "×" + gridWidth + " needs " + ((long) channels * gridHeight * gridWidth));
        }
        this.channels = channels;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.values = values;
        this.geometry = Objects.requireNonNull(geometry, "geometry");
    }

    /** C: values per cell. */
    public final int channels() {
        return channels;
    }

    public final int gridHeight() {
        return gridHeight;
    }

    public final int gridWidth() {
        return gridWidth;
    }

    /** The encoder frame the grid covers. */
    public final ResizeGeometry geometry() {
        return geometry;
    }

    /** Value of channel c at cell (gx, gy). */
    protected final float at(int c, int gy, int gx) {
        return values[(c * gridHeight + gy) * gridWidth + gx];
    }

    /** Read-only view, layout C×h×w. */
    protected final FloatBuffer view() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }

    /** A copy of all values, layout C×h×w. */
    protected final float[] copy() {
        return values.clone();
    }
}
