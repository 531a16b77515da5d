package dev.findling.models.sam;

import dev.findling.models.geometry.FeatureGrid;
import dev.findling.models.geometry.ResizeGeometry;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * The output of a SAM-family image encoder for one image: features C×h×w (C = 256, h = w = 64 for
 * SAM) plus the geometry needed to map prompts and masks between the original image and the
 * encoder frame (a {@link FeatureGrid}), and the pack that computed it. Immutable, so it can be cached and shared
 * across requests; this replaces SAM's stateful predictor ({@code set_image}) with a value.
 */
public final class ImageEmbedding {
    private final String packId;
    private final FeatureGrid grid;

    public ImageEmbedding(String packId, int channels, int gridHeight, int gridWidth, float[] features, ResizeGeometry geometry) {
        this.packId = Objects.requireNonNull(packId, "packId");
        this.grid = new FeatureGrid("embedding", channels, gridHeight, gridWidth, features, geometry);
    }

    public String packId() {
        return packId;
    }

    public int channels() {
        return grid.channels();
    }

    public int gridHeight() {
        return grid.height();
    }

    public int gridWidth() {
        return grid.width();
    }

    public ResizeGeometry geometry() {
        return grid.geometry();
    }

    /** Feature c at grid cell (gx, gy). */
    public float feature(int c, int gy, int gx) {
        return grid.value(c, gy, gx);
    }

    /** Read-only view, layout C×h×w (channel-major, as the encoder returns it). */
    public FloatBuffer features() {
        return grid.view();
    }

    /** A copy of all values, layout C×h×w. */
    public float[] copyFeatures() {
        return grid.copy();
    }
}
