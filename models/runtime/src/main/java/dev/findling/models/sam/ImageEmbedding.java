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
public final class ImageEmbedding extends FeatureGrid {
    private final String packId;

    public ImageEmbedding(String packId, int channels, int gridHeight, int gridWidth, float[] features, ResizeGeometry geometry) {
        super("embedding", channels, gridHeight, gridWidth, features, geometry);
        this.packId = Objects.requireNonNull(packId, "packId");
    }

    public String packId() {
        return packId;
    }

    /** Feature c at grid cell (gx, gy). */
    public float feature(int c, int gy, int gx) {
        return at(c, gy, gx);
    }

    /** Read-only view, layout C×h×w (channel-major, as the encoder returns it). */
    public FloatBuffer features() {
        return view();
    }

    /** A copy of all values, layout C×h×w. */
    public float[] copyFeatures() {
        return copy();
    }
}
