package dev.findling.models.reference;

import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.ElementType;

import dev.findling.models.onnx.OnnxGraph.Value;

import java.util.SplittableRandom;

/**
 * Builds the reference pack's image encoder ({@code image-encoder}, dialect {@code sam}): SAM's input
 * contract — {@code image} FLOAT [1,3,1024,1024], SAM-normalised and zero-padded bottom-right — and
 * SAM's output contract — {@code image_embeddings} FLOAT [1,256,64,64], one vector per 16×16 cell.
 *
 * <p>Nothing is learned. Per cell it measures 14 classical quantities (mean colour, colour standard
 * deviation, oriented gradient energy at two scales), adds their 3×3- and 5×5-cell neighbourhood
 * averages (local context), weights the groups and maps the resulting 42 numbers plus a constant
 * into 256 channels with a fixed, seeded orthonormal projection. Because the projection has
 * orthonormal columns, dot products and therefore cosine similarities in the 256-d output equal
 * those of the weighted classical feature vector; the constant component makes that cosine fall
 * smoothly with Euclidean feature distance instead of ignoring magnitude. See
 * models/reference-pack/README.md for the numbers and why they are what they are.
 */
public final class ReferenceImageEncoder {
    public static final int INPUT_SIZE = 1024;
    public static final int CELL = 16;
    public static final int GRID = INPUT_SIZE / CELL;
    public static final int CHANNELS = 256;

    /** Number of per-cell classical features before context: 3 mean + 3 std + 4 fine + 4 coarse gradients. */
    public static final int LOCAL_FEATURES = 14;
    /** Local features, their 3×3-cell average and their 5×5-cell average. */
    public static final int CLASSICAL_FEATURES = 3 * LOCAL_FEATURES;

    /** Rec. 601 luma weights, applied to the SAM-normalised channels (a luminance-like signal in std units). */
    static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    /** Seed of the projection; changing it changes the pack id's meaning, so it never changes. */
    static final long PROJECTION_SEED = 0x46494E444C494E47L; // "FINDLING"

    /**
     * Weights of the feature groups in the cosine geometry.
     *
     * @param colour       mean colour (SAM std units)
     * @param colourSpread per-channel standard deviation within the cell
     * @param fineGradient mean |oriented gradient| at full resolution (pixel-scale texture and edges)
     * @param coarseGradient mean |oriented gradient| at half resolution (texture of larger period)
     * @param context3     weight of the 3×3-cell neighbourhood average relative to the cell itself
     * @param context5     weight of the 5×5-cell neighbourhood average
     * @param bias         the constant component; larger values make cosine similarity more tolerant
     */
    public record Weights(float colour, float colourSpread, float fineGradient, float coarseGradient,
                          float context3, float context5, float bias) {
    }

    public static final Weights DEFAULT_WEIGHTS = new Weights(1.0f, 2.0f, 1.5f, 1.5f, 0.5f, 0.3f, 1.5f);

    private ReferenceImageEncoder() {
    }

    public static OnnxGraph build() {
        return build(DEFAULT_WEIGHTS);
    }

    public static OnnxGraph build(Weights w) {
        OnnxGraph g = new OnnxGraph("findling_reference_image_encoder")
                .doc("Findling reference image encoder (classical, not learned): per-16x16-cell colour, colour spread, "
                        + "oriented gradient energy at two scales and 3x3/5x5 context, orthonormally projected to 256 channels.");
        Value image = g.input("image", ElementType.FLOAT, 1, 3, INPUT_SIZE, INPUT_SIZE);
        g.output("image_embeddings", embeddings(g, image, w), ElementType.FLOAT, 1, CHANNELS, GRID, GRID);
        return g;
    }

    /**
     * Adds the encoder's computation to {@code g}: SAM-normalised, padded {@code image} [1,3,1024,1024] →
     * embeddings [1,256,64,64]. Exposed so that a graph with several heads on one input (a merged SAM-CLIP
     * backbone in tests) can reuse it; {@link #build(Weights)} is this plus the graph's input and output.
     */
    public static Value embeddings(OnnxGraph g, Value image, Weights w) {
        // Colour: mean and standard deviation of each normalised channel over the cell.
        Value mean = g.averagePool(image, CELL, CELL, 0);
        Value meanOfSquares = g.averagePool(g.mul(image, image), CELL, CELL, 0);
        Value spread = g.sqrt(g.add(g.relu(g.sub(meanOfSquares, g.mul(mean, mean))), g.scalar(1e-6f)));

        // Texture and edges: |oriented derivative| of luminance at full and half resolution, averaged per cell.
        Value luma = g.conv(image, g.tensor(new long[]{1, 3, 1, 1}, LUMA), null, 1, 1, 0, 1);
        Value orientedKernels = g.tensor(new long[]{4, 1, 3, 3}, orientedDerivativeKernels());
        Value fine = g.averagePool(g.abs(g.conv(luma, orientedKernels, null, 3, 1, 1, 1)), CELL, CELL, 0);
        Value lumaHalf = g.averagePool(luma, 2, 2, 0);
        Value coarse = g.averagePool(g.abs(g.conv(lumaHalf, orientedKernels, null, 3, 1, 1, 1)), CELL / 2, CELL / 2, 0);

        Value local = g.concat(1, mean, spread, fine, coarse);                 // [1,14,64,64]
        Value context3 = g.averagePool(local, 3, 1, 1);                       // padding excluded from the average
        Value context5 = g.averagePool(local, 5, 1, 2);
        Value classical = g.concat(1, local, context3, context5);             // [1,42,64,64]

        float[][] projection = projection(w);
        return g.conv(classical,
                g.weights("projection", new long[]{CHANNELS, CLASSICAL_FEATURES, 1, 1}, projection[0]),
                g.weights("projection_bias", new long[]{CHANNELS}, projection[1]), 1, 1, 0, 1);
    }

    /**
     * Sobel-type derivative kernels at 0°, 90°, 45° and 135°, scaled by 1/4 so a unit step in
     * luminance gives a response of 1.
     */
    static float[] orientedDerivativeKernels() {
        float[][] k = {
                {-1, 0, 1, -2, 0, 2, -1, 0, 1},
                {-1, -2, -1, 0, 0, 0, 1, 2, 1},
                {0, 1, 2, -1, 0, 1, -2, -1, 0},
                {-2, -1, 0, -1, 0, 1, 0, 1, 2}};
        float[] out = new float[36];
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 9; i++) {
                out[9 * o + i] = k[o][i] / 4f;
            }
        }
        return out;
    }

    /** Per-feature weight of the 42 classical features, in the order of the concatenation above. */
    static float[] featureWeights(Weights w) {
        float[] local = new float[LOCAL_FEATURES];
        for (int i = 0; i < LOCAL_FEATURES; i++) {
            local[i] = i < 3 ? w.colour() : i < 6 ? w.colourSpread() : i < 10 ? w.fineGradient() : w.coarseGradient();
        }
        float[] all = new float[CLASSICAL_FEATURES];
        for (int i = 0; i < LOCAL_FEATURES; i++) {
            all[i] = local[i];
            all[LOCAL_FEATURES + i] = local[i] * w.context3();
            all[2 * LOCAL_FEATURES + i] = local[i] * w.context5();
        }
        return all;
    }

    /**
     * The 256×42 projection (row-major, columns = orthonormal directions scaled by the feature weights)
     * and the 256 bias values (bias × one more orthonormal direction). Orthonormal columns come from
     * Gram–Schmidt on seeded Gaussian vectors, so the projection is an isometry of the weighted features.
     */
    static float[][] projection(Weights w) {
        int cols = CLASSICAL_FEATURES + 1;
        double[][] q = new double[cols][CHANNELS];
        SplittableRandom rnd = new SplittableRandom(PROJECTION_SEED);
        for (int j = 0; j < cols; j++) {
            for (int c = 0; c < CHANNELS; c++) {
                q[j][c] = gaussian(rnd);
            }
            for (int pass = 0; pass < 2; pass++) { // re-orthogonalise once for numerical hygiene
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int c = 0; c < CHANNELS; c++) {
                        dot += q[j][c] * q[k][c];
                    }
                    for (int c = 0; c < CHANNELS; c++) {
                        q[j][c] -= dot * q[k][c];
                    }
                }
            }
            double norm = 0;
            for (int c = 0; c < CHANNELS; c++) {
                norm += q[j][c] * q[j][c];
            }
            norm = StrictMath.sqrt(norm);
            for (int c = 0; c < CHANNELS; c++) {
                q[j][c] /= norm;
            }
        }
        float[] weights = featureWeights(w);
        float[] matrix = new float[CHANNELS * CLASSICAL_FEATURES];
        float[] bias = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            for (int j = 0; j < CLASSICAL_FEATURES; j++) {
                matrix[c * CLASSICAL_FEATURES + j] = (float) (q[j][c] * weights[j]);
            }
            bias[c] = (float) (q[CLASSICAL_FEATURES][c] * w.bias());
        }
        return new float[][]{matrix, bias};
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = Math.max(rnd.nextDouble(), 1e-300);
        // StrictMath: bit-identical on every JVM and CPU, so the pack bytes and its hashes never drift.
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * rnd.nextDouble());
    }
}
