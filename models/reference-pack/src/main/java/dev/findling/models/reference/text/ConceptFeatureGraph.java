package dev.findling.models.reference.text;

import dev.findling.models.onnx.Attribute;
import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph.Value;
import dev.findling.models.onnx.OnnxGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * The graph fragment shared by the reference dense encoder and image embedder: a normalised RGB image
 * (NCHW, side divisible by 16) → one concept-space vector per 16×16 patch, {@code [N, D, S/16, S/16]},
 * D = {@link TextAxis#DIMENSION}. Axes 0–11 are colour memberships, 12–15 texture memberships (see
 * {@link TextAxis}); each group sums to one on a patch with image pixels, the texture group then scaled
 * by {@link #TEXTURE_WEIGHT}. The full derivation with its numbers is in
 * models/reference-pack/README.md ("The text side").
 *
 * <h2>Colour</h2>
 * Memberships are computed per 4×4-pixel block and then averaged over the patch, so that a patch
 * straddling a boundary is described as "part red, part blue" rather than by the purple average of the
 * two. Each block is converted to CIELAB (sRGB transfer curve, D65 white) and gets a softmax over
 * {@code −β·ΔE(block, prototype)} across all colour prototypes ({@link TextAxis#prototypesRgb()}); a
 * concept's membership is the sum over its prototypes.
 *
 * <h2>Texture</h2>
 * At half resolution: luminance (Rec. 601) gradients from Sobel kernels scaled so that a step of height
 * h gives h/2 on each of its two sides. Over a 3×3-patch window (48 input pixels), with g = (gx, gy)
 * and θ its angle:
 * <ul>
 *   <li>contrast A = mean |g| — low means plain;</li>
 *   <li>oscillation K = 1 − |mean g| / A — near 1 when edges of both signs balance (stripes, dots,
 *       checks), near 0 for a single edge such as an object's outline, which is not a texture;</li>
 *   <li>2-fold coherence C2 = |Σ|g|e^{2iθ}| / Σ|g| — near 1 when all edges share one orientation
 *       (stripes);</li>
 *   <li>4-fold coherence C4 = |Σ|g|e^{4iθ}| / Σ|g| — near 1 when edges take two perpendicular
 *       orientations in equal measure (checks), near 0 for isotropic blobs (dots).</li>
 * </ul>
 * With osc = sigmoid((A − a₀)/s)·ramp(K) and the ramps S2 = ramp(C2), S4 = ramp(C4):
 * striped = osc·S2, checkered = osc·(1−S2)·S4, dotted = osc·(1−S2)·(1−S4), plain = 1 − osc.
 *
 * <h2>Padding</h2>
 * With SAM's zero padding, colour is averaged over image pixels only, gradients next to or inside the
 * padding are ignored, and a patch with no image pixel is the zero vector.
 */
final class ConceptFeatureGraph {
    /** Patch side in input pixels: the 64×64 grid of a 1024 frame, like SAM's embedding. */
    static final int PATCH = 16;
    /** Colour is classified per block of this side, then averaged over the patch. */
    static final int COLOUR_BLOCK = 4;
    /** β of the colour softmax, per ΔE*76 unit: 10 ΔE further away means e^{-1.5} ≈ 0.22× the weight. */
    static final float COLOUR_SHARPNESS = 0.15f;
    /** Texture statistics are pooled over this many patches on a side (3 → 48 px). */
    static final int TEXTURE_WINDOW = 3;
    /**
     * Mean half-resolution gradient magnitude (0–255 luminance levels) at which a window counts as half
     * textured, and the sigmoid's scale. Stripes of contrast h and period p input pixels give about 4h/p.
     */
    static final float CONTRAST_MIDPOINT = 10f;
    static final float CONTRAST_SCALE = 3f;
    /** Ramps for oscillation K, 2-fold coherence C2 and 4-fold coherence C4: below lo → 0, above hi → 1. */
    static final float[] OSCILLATION_RAMP = {0.45f, 0.75f};
    static final float[] STRIPE_RAMP = {0.35f, 0.65f};
    static final float[] CHECK_RAMP = {0.30f, 0.60f};
    /** Scale of the texture group against the colour group, so that colour words dominate colour patches. */
    static final float TEXTURE_WEIGHT = 0.6f;

    /** Rec. 601 luma weights on 0–255 RGB. */
    static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private static final float EPS = 1e-6f;

    private ConceptFeatureGraph() {
    }

    /**
     * Appends the concept features of a normalised image to {@code g}.
     *
     * @param normalised  [N,3,S,S], S divisible by 16; RGB on 0–255 is {@code normalised · scale + offset} per channel
     * @param scale       per-channel factor back to 0–255 (SAM: std; CLIP: 255·std)
     * @param offset      per-channel offset back to 0–255 (SAM: mean; CLIP: 255·mean)
     * @param size        S, the side of the square input
     * @param zeroPadding true when pixels that are exactly 0 are padding (SAM's bottom-right zero pad)
     *                    rather than image
     * @return [N, D, S/16, S/16]
     */
    static Value patchFeatures(OnnxGraph g, Value normalised, float[] scale, float[] offset, int size, boolean zeroPadding) {
        if (size % PATCH != 0) {
            throw new IllegalArgumentException("input side must be a multiple of " + PATCH + " but is " + size);
        }
        List<TextAxis> textures = TextAxis.textures();
        for (int i = 0; i < textures.size(); i++) {
            if (textures.get(i).axis() != TextAxis.colours().size() + i) {
                throw new IllegalStateException("texture concepts must follow the colours in axis order");
            }
        }
        // Everything downstream works at half resolution or coarser; these two pools are the only
        // full-resolution work besides the validity test.
        Value half = g.averagePool(normalised, 2, 2, 0);
        Value validHalf = null;
        if (zeroPadding) {
            // Channel 0 alone decides: (v − 123.675)/58.395 is never exactly 0 for a pixel value v of
            // 8-bit origin, and padding is exactly 0. |sign(x)| is 1 on image pixels, 0 on padding.
            // min(|x|·10⁸, 1) is 1 on image pixels (|x| ≥ 10⁻⁴ there) and 0 on padding.
            Value red = g.slice(normalised, g.int64s(0), g.int64s(1), g.int64s(1));
            Value valid = g.min(g.mul(g.abs(red), g.scalar(1e8f)), g.scalar(1f));
            validHalf = g.averagePool(valid, 2, 2, 0);
        }
        Value colour = colourMemberships(g, half, scale, offset, size / COLOUR_BLOCK, validHalf);
        Value texture = textureMemberships(g, half, scale, size / 2, validHalf);
        return g.concat(1, colour, g.mul(texture, g.scalar(TEXTURE_WEIGHT)));
    }

    // ------------------------------------------------------------------ colour

    /**
     * @param half      the normalised image at half resolution
     * @param blocks    blocks per side
     * @param validHalf fraction of image pixels per half-resolution pixel, or null without padding
     */
    private static Value colourMemberships(OnnxGraph g, Value half, float[] scale, float[] offset, int blocks,
                                           Value validHalf) {
        // Average in the normalised domain (padding is exactly 0 there), then undo the normalisation per block.
        int poolFromHalf = COLOUR_BLOCK / 2;
        Value blockMean = g.averagePool(half, poolFromHalf, poolFromHalf, 0);
        Value blockValid = null;
        if (validHalf != null) {
            blockValid = g.averagePool(validHalf, poolFromHalf, poolFromHalf, 0);
            blockMean = g.div(blockMean, g.max(blockValid, g.scalar(EPS)));
        }
        Value blockRgb = g.add(g.mul(blockMean, g.tensor(new long[]{1, 3, 1, 1}, scale)), g.tensor(new long[]{1, 3, 1, 1}, offset));
        // Per-block colour maths on [N, channels, blocks²] with MatMul: 1×1 convolutions with so few
        // channels would be padded to ORT's 16-channel blocked layout and cost several times more.
        Value lab = toLab(g, g.reshape(blockRgb, 0, 3, -1));

        List<TextAxis> colours = TextAxis.colours();
        List<float[]> prototypes = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (TextAxis c : colours) {
            if (c.axis() != colours.indexOf(c)) {
                throw new IllegalStateException("colour concepts must come first in axis order; " + c + " is at " + c.axis());
            }
            for (int[] rgb : c.prototypesRgb()) {
                prototypes.add(Cielab.fromSrgb(rgb[0], rgb[1], rgb[2]));
                owner.add(c.axis());
            }
        }
        int p = prototypes.size();
        // ΔE² = |x|² − 2x·p + |p|², the cross term as a matrix product with the prototypes.
        float[] minusTwoP = new float[3 * p];
        float[] pSquared = new float[p];
        for (int i = 0; i < p; i++) {
            float[] q = prototypes.get(i);
            for (int k = 0; k < 3; k++) {
                minusTwoP[3 * i + k] = -2 * q[k];
                pSquared[i] += q[k] * q[k];
            }
        }
        Value cross = g.add(g.matMul(g.weights("colour_prototypes_lab_x_minus2", new long[]{p, 3}, minusTwoP), lab),
                g.weights("colour_prototypes_lab_norm2", new long[]{p, 1}, pSquared));
        Value xSquared = g.reduceSum(g.mul(lab, lab), true, 1);
        Value deltaE = g.sqrt(g.add(g.relu(g.add(cross, xSquared)), g.scalar(1e-4f)));
        // Softmax over prototypes, written out: no ΔE in CIELAB exceeds ~400, so exp(−0.15·ΔE) stays far
        // above float underflow and needs no max subtraction; normalising after grouping by concept is the same.
        Value prototypeWeights = g.op("Exp", List.of(g.mul(deltaE, g.scalar(-COLOUR_SHARPNESS))));
        float[] assignment = new float[colours.size() * p];
        for (int i = 0; i < p; i++) {
            assignment[owner.get(i) * p + i] = 1f;
        }
        Value conceptWeights = g.matMul(
                g.weights("colour_prototype_to_concept", new long[]{colours.size(), p}, assignment), prototypeWeights);
        Value flatMembership = g.div(conceptWeights, g.reduceSum(conceptWeights, true, 1));
        Value blockMembership = g.reshape(flatMembership, 0, colours.size(), blocks, blocks);

        int blocksPerPatch = PATCH / COLOUR_BLOCK;
        if (blockValid == null) {
            return g.averagePool(blockMembership, blocksPerPatch, blocksPerPatch, 0);
        }
        Value weighted = g.averagePool(g.mul(blockMembership, blockValid), blocksPerPatch, blocksPerPatch, 0);
        Value patchValid = g.averagePool(blockValid, blocksPerPatch, blocksPerPatch, 0);
        return g.div(weighted, g.max(patchValid, g.scalar(EPS)));
    }

    /** sRGB 0–255 [N,3,B] → CIELAB [N,3,B] with the constants of {@link Cielab}. */
    private static Value toLab(OnnxGraph g, Value rgb255) {
        Value c = g.div(g.clip(rgb255, g.scalar(0f), g.scalar(255f)), g.scalar(255f));
        Value curved = g.op("Pow", List.of(
                g.div(g.add(c, g.scalar(Cielab.SRGB_OFFSET)), g.scalar(1 + Cielab.SRGB_OFFSET)),
                g.scalar(Cielab.SRGB_GAMMA)));
        Value linear = g.where(g.greater(c, g.scalar(Cielab.SRGB_LINEAR_LIMIT)), curved,
                g.div(c, g.scalar(Cielab.SRGB_LINEAR_SLOPE)));
        float[] m = new float[9];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(Cielab.RGB_TO_XYZ_OVER_WHITE[i], 0, m, 3 * i, 3);
        }
        Value t = g.matMul(g.weights("srgb_linear_to_xyz_over_white", new long[]{3, 3}, m), linear);
        // t ≥ 0 (non-negative matrix on non-negative input), so the cube root is real.
        Value cubeRoot = g.op("Pow", List.of(g.max(t, g.scalar(0f)), g.scalar(1f / 3f)));
        Value f = g.where(g.greater(t, g.scalar(Cielab.F_LIMIT)), cubeRoot,
                g.add(g.mul(t, g.scalar(Cielab.F_SLOPE)), g.scalar(Cielab.F_OFFSET)));
        float[] toLab = {
                0, 116, 0,
                500, -500, 0,
                0, 200, -200};
        return g.add(g.matMul(g.weights("xyz_f_to_lab", new long[]{3, 3}, toLab), f),
                g.weights("xyz_f_to_lab_bias", new long[]{3, 1}, new float[]{-16, 0, 0}));
    }

    // ------------------------------------------------------------------ texture

    /**
     * Texture works at half resolution: a 1024 frame's textures down to a 4 px period survive, and
     * every per-pixel step costs a quarter of what it would at full resolution.
     */
    private static Value textureMemberships(OnnxGraph g, Value half, float[] scale, int side, Value validHalf) {
        // Luminance (Rec. 601 on 0–255 RGB; the normalisation offset cancels in a derivative).
        float[] lumaWeights = new float[3];
        for (int c = 0; c < 3; c++) {
            lumaWeights[c] = LUMA[c] * scale[c];
        }
        Value luma = g.reduceSum(g.mul(half, g.tensor(new long[]{1, 3, 1, 1}, lumaWeights)), true, 1);
        // Replicate the border so the frame's edge is not read as a step.
        Value padded = g.op("Pad", List.of(luma, g.int64s(0, 0, 1, 1, 0, 0, 1, 1)), Attribute.of("mode", "edge"));
        // Sobel as a central difference smoothed by (1, 2, 1)/8 across it, written with slices: a 3×3
        // convolution with one or two output channels would be padded to ORT's 16-channel blocked layout.
        Value dx = g.sub(crop(g, padded, 3, 2, side + 2), crop(g, padded, 3, 0, side));   // [N,1,side+2,side]
        Value gx = smooth(g, dx, 2, side);
        Value dy = g.sub(crop(g, padded, 2, 2, side + 2), crop(g, padded, 2, 0, side));   // [N,1,side,side+2]
        Value gy = smooth(g, dy, 3, side);

        Value gx2 = g.mul(gx, gx);
        Value gy2 = g.mul(gy, gy);
        Value mag2 = g.add(g.add(gx2, gy2), g.scalar(EPS));
        Value mag = g.sqrt(mag2);
        Value cos2 = g.div(g.sub(gx2, gy2), mag2);                       // cos 2θ
        Value sin2 = g.div(g.mul(g.scalar(2f), g.mul(gx, gy)), mag2);    // sin 2θ
        Value magCos4 = g.mul(mag, g.sub(g.mul(cos2, cos2), g.mul(sin2, sin2)));
        Value magSin4 = g.mul(mag, g.mul(g.scalar(2f), g.mul(cos2, sin2)));
        Value[] perPixel = {mag, gx, gy, g.mul(mag, cos2), g.mul(mag, sin2), magCos4, magSin4};

        int patchHalf = PATCH / 2;
        Value interior = null;
        Value patchValid = null;
        if (validHalf != null) {
            // Half-res pixels within one pixel of any padding see the image/padding step: leave them out.
            Value invalidHalf = g.sub(g.scalar(1f), validHalf);
            interior = g.cast(g.less(g.maxPool(invalidHalf, 3, 1, 1), g.scalar(EPS)), ElementType.FLOAT);
            patchValid = g.cast(g.greater(g.averagePool(validHalf, patchHalf, patchHalf, 0), g.scalar(0f)), ElementType.FLOAT);
        }
        Value[] pooled = new Value[perPixel.length];
        for (int i = 0; i < perPixel.length; i++) {
            Value v = interior == null ? perPixel[i] : g.mul(perPixel[i], interior);
            pooled[i] = g.averagePool(v, patchHalf, patchHalf, 0);
        }
        Value window = g.averagePool(g.concat(1, pooled), TEXTURE_WINDOW, 1, TEXTURE_WINDOW / 2);
        if (interior != null) {
            Value windowValid = g.averagePool(g.averagePool(interior, patchHalf, patchHalf, 0), TEXTURE_WINDOW, 1, TEXTURE_WINDOW / 2);
            window = g.div(window, g.max(windowValid, g.scalar(EPS)));
        }
        Value[] s = g.opMulti("Split", List.of(window, g.int64s(1, 1, 1, 1, 1, 1, 1)), 7, Attribute.of("axis", 1L));
        Value contrast = s[0];
        Value denominator = g.add(contrast, g.scalar(1e-3f));
        Value oscillation = g.sub(g.scalar(1f), g.div(length(g, s[1], s[2]), denominator));
        Value coherence2 = g.div(length(g, s[3], s[4]), denominator);
        Value coherence4 = g.div(length(g, s[5], s[6]), denominator);

        Value textured = g.op("Sigmoid", List.of(
                g.div(g.sub(contrast, g.scalar(CONTRAST_MIDPOINT)), g.scalar(CONTRAST_SCALE))));
        Value osc = g.mul(textured, ramp(g, oscillation, OSCILLATION_RAMP));
        Value stripes = ramp(g, coherence2, STRIPE_RAMP);
        Value checks = ramp(g, coherence4, CHECK_RAMP);
        Value notStripes = g.sub(g.scalar(1f), stripes);

        Value striped = g.mul(osc, stripes);
        Value checkered = g.mul(g.mul(osc, notStripes), checks);
        Value dotted = g.mul(g.mul(osc, notStripes), g.sub(g.scalar(1f), checks));
        Value plain = g.sub(g.scalar(1f), osc);

        List<Value> ordered = new ArrayList<>();
        for (TextAxis c : TextAxis.textures()) {
            ordered.add(switch (c) {
                case STRIPED -> striped;
                case DOTTED -> dotted;
                case CHECKERED -> checkered;
                case PLAIN -> plain;
                default -> throw new IllegalStateException("no texture measure for " + c);
            });
        }
        Value texture = g.concat(1, ordered.toArray(Value[]::new));
        return patchValid == null ? texture : g.mul(texture, patchValid);
    }

    private static Value crop(OnnxGraph g, Value x, long axis, long start, long end) {
        return g.slice(x, g.int64s(start), g.int64s(end), g.int64s(axis));
    }

    /** (d[i] + 2·d[i+1] + d[i+2]) / 8 along {@code axis}, i = 0 … side−1: Sobel's smoothing, and its 1/8. */
    private static Value smooth(OnnxGraph g, Value d, long axis, int side) {
        Value sum = g.add(g.add(crop(g, d, axis, 0, side), g.mul(crop(g, d, axis, 1, side + 1), g.scalar(2f))),
                crop(g, d, axis, 2, side + 2));
        return g.mul(sum, g.scalar(1f / 8f));
    }

    private static Value length(OnnxGraph g, Value a, Value b) {
        return g.sqrt(g.add(g.add(g.mul(a, a), g.mul(b, b)), g.scalar(1e-12f)));
    }

    private static Value ramp(OnnxGraph g, Value x, float[] loHi) {
        Value t = g.div(g.sub(x, g.scalar(loHi[0])), g.scalar(loHi[1] - loHi[0]));
        return g.clip(t, g.scalar(0f), g.scalar(1f));
    }
}
