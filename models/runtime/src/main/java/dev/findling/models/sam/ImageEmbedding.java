package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import java.nio.FloatBuffer;

/**
 * The output of a SAM-family image encoder for one image: features C×h×w (C = 256, h = w = 64 for
 * SAM) plus the geometry needed to map prompts and masks between the original image and the
 * encoder frame. Immutable, so it can be cached and shared across requests; this replaces SAM's
 * stateful predictor ({@code set_image}) with a value.
 */
public final class ImageEmbedding {
    private final String packId;
    private final int channels;
    private final int gridHeight;
    private final int gridWidth;
    private final float[] features;
    private final ResizeGeometry geometry;

    public ImageEmbedding(String packId, int channels, int gridHeight, int gridWidth, float[] features, ResizeGeometry geometry) {
        if (features.length != channels * gridHeight * gridWidth) {
            throw new IllegalArgumentException("embedding has " + features.length + " values but "
                    + channels + "×" + gridHeight + "×" + gridWidth + " needs " + (channels * gridHeight * gridWidth));
        }
        this.packId = packId;
        this.channels = channels;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.features = features;
        this.geometry = geometry;
    }

    public String packId() {
        return packId;
    }

    public int channels() {
        return channels;
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

    /** Feature c at grid cell (gx, gy). */
    public float feature(int c, int gy, int gx) {
        return features[(c * gridHeight + gy) * gridWidth + gx];
    }

    /** Read-only view, layout C×h×w (channel-major, as the encoder returns it). */
    public FloatBuffer features() {
        return FloatBuffer.wrap(features).asReadOnlyBuffer();
    }

    /** A copy of all values, layout C×h×w. */
    public float[] copyFeatures() {
        return features.clone();
    }
}
