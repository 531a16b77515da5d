package dev.findling.models.reference.text;

import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph.Value;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.Preprocessing;

import java.util.Map;

/**
 * Builds the reference pack's global image embedder ({@code image-embedder}, dialect {@code clip}):
 * {@code pixel_values} FLOAT [batch, 3, 224, 224] with CLIP's preprocessing (0–1 values, CLIP mean and
 * std, shortest side resized and centre-cropped) → {@code image_embeds} FLOAT [batch, D]: the mean over
 * the 14×14 patches of the same concept features as the dense encoder ({@link ConceptFeatureGraph}).
 * Its cosine with a text embedding is therefore high when much of the image has the named colour or
 * texture, which is what library text search ranks by.
 */
public final class ImageEmbedderGraph {
    public static final String FILE = "image-embedder.onnx";
    public static final int INPUT_SIZE = 224;

    private ImageEmbedderGraph() {
    }

    public static OnnxGraph build() {
        int d = TextAxis.DIMENSION;
        OnnxGraph g = new OnnxGraph("findling_reference_image_embedder")
                .doc("Findling reference image embedder (classical, not learned): mean over 16x16 patches of "
                        + "soft colour and texture memberships over " + d + " concept axes.");
        Value pixels = g.input("pixel_values", ElementType.FLOAT, "batch", 3, INPUT_SIZE, INPUT_SIZE);
        float[] scale = new float[3];
        float[] offset = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = Preprocessing.CLIP_PIXEL_STD[c] * 255f;
            offset[c] = Preprocessing.CLIP_PIXEL_MEAN[c] * 255f;
        }
        Value patches = ConceptFeatureGraph.patchFeatures(g, pixels, scale, offset, INPUT_SIZE, false);
        g.output("image_embeds", g.reduceMean(patches, false, 2, 3), ElementType.FLOAT, "batch", d);
        return g;
    }

    /** The manifest entry for {@link #FILE}; {@code sha256} may be null. */
    public static ModelEntry entry(String sha256) {
        return new ModelEntry(Dialects.IMAGE_EMBEDDER, "clip", FILE, sha256, Map.of(), Map.of(),
                Preprocessing.clip(INPUT_SIZE), TextAxis.DIMENSION);
    }
}
