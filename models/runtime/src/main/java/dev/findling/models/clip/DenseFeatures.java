package dev.findling.models.clip;

import dev.findling.models.geometry.FeatureGrid;
import dev.findling.models.geometry.ResizeGeometry;

import java.nio.FloatBuffer;

/**
 * Per-patch features in a pack's text space, layout D×h×w, with the geometry of the padded input
 * frame they were computed in (so a patch maps back to original pixels like a SAM embedding cell: both are a
 * {@link FeatureGrid}).
 */
public final class DenseFeatures extends FeatureGrid {
    public DenseFeatures(int dimension, int gridHeight, int gridWidth, float[] values, ResizeGeometry geometry) {
        super("dense features", dimension, gridHeight, gridWidth, values, geometry);
    }

    /** D: the text space's dimension. */
    public int dimension() {
        return channels();
    }

    public float value(int d, int gy, int gx) {
        return at(d, gy, gx);
    }

    /** Read-only view, layout D×h×w. */
    public FloatBuffer values() {
        return view();
    }
}
