package dev.findling.models.clip;

import dev.findling.models.geometry.ResizeGeometry;

import java.nio.FloatBuffer;

/**
 * Per-patch features in a pack's text space, layout D×h×w, with the geometry of the padded input
 * frame they were computed in (so a patch maps back to original pixels like a SAM embedding cell).
 */
public final class DenseFeatures {
    private final int dimension;
    private final int gridHeight;
    private final int gridWidth;
    private final float[] values;
    private final ResizeGeometry geometry;

    public DenseFeatures(int dimension, int gridHeight, int gridWidth, float[] values, ResizeGeometry geometry) {
        if (values.length != dimension * gridHeight * gridWidth) {
            throw new IllegalArgumentException("dense features have " + values.length + " values but "
                    + dimension + "×" + gridHeight + "×" + gridWidth + " needs " + (dimension * gridHeight * gridWidth));
        }
        this.dimension = dimension;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.values = values;
        this.geometry = geometry;
    }

    public int dimension() {
        return dimension;
    }

    public int gridHeight() {
        return gridHeight;
    }

    public int gridWidth() {
        return gridWidth;
    }

    public ResizeGeometry geometry() {
        return geometry;
    }

    public float value(int d, int gy, int gx) {
        return values[(d * gridHeight + gy) * gridWidth + gx];
    }

    /** Read-only view, layout D×h×w. */
    public FloatBuffer values() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }
}
