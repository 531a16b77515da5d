package dev.findling.models.reference.text;

import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph.Value;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.Preprocessing;

import java.util.List;
import java.util.Map;

/**
 * Builds the reference pack's dense encoder ({@code dense-encoder}, dialect {@code samclip}):
 * {@code image} FLOAT [batch, 3, 1024, 1024] with SAM's preprocessing ((x − mean)/std on 0–255,
 * zero-padded bottom-right) → {@code dense_features} FLOAT [batch, D, 64, 64] in the text encoder's
 * concept space, one vector per 16×16 patch ({@link ConceptFeatureGraph}).
 *
 * <p>The graph undoes SAM's normalisation to get RGB back. Padding is recognised exactly: a padded
 * pixel is 0 in all three normalised channels, which no 8-bit pixel can produce because SAM's means
 * (123.675, 116.28, 103.53) are not integers. Patches entirely in the padding are zero vectors.
 */
public final class DenseEncoderGraph {
    public static final String FILE = "dense-encoder.onnx";
    public static final int INPUT_SIZE = 1024;
    public static final int GRID = INPUT_SIZE / ConceptFeatureGraph.PATCH;

    private DenseEncoderGraph() {
    }

    public static OnnxGraph build() {
        int d = TextAxis.DIMENSION;
        OnnxGraph g = new OnnxGraph("findling_reference_dense_encoder")
                .doc("Findling reference dense encoder (classical, not learned): per 16x16 patch, soft CIELAB colour "
                        + "membership and gradient-statistics texture membership over " + d + " concept axes.");
        Value image = g.input("image", ElementType.FLOAT, "batch", 3, INPUT_SIZE, INPUT_SIZE);
        g.output("dense_features", denseFeatures(g, image), ElementType.FLOAT, "batch", d, GRID, GRID);
        return g;
    }

    /**
     * Adds the encoder's computation to {@code g}: SAM-normalised, padded {@code image} [N,3,1024,1024] →
     * concept features [N,D,64,64]. Exposed so that a graph with several heads on one input (a merged SAM-CLIP
     * backbone in tests) can reuse it; {@link #build()} is this plus the graph's input and output.
     */
    public static Value denseFeatures(OnnxGraph g, Value image) {
        return ConceptFeatureGraph.patchFeatures(g, image,
                Preprocessing.SAM_PIXEL_STD, Preprocessing.SAM_PIXEL_MEAN, INPUT_SIZE, true);
    }

    /** The manifest entry for {@link #FILE}; {@code sha256} may be null. */
    public static ModelEntry entry(String sha256) {
        return new ModelEntry(Dialects.DENSE_ENCODER, "samclip", FILE, sha256, Map.of(), Map.of(),
                Preprocessing.sam(INPUT_SIZE), TextAxis.DIMENSION);
    }
}
