package dev.findling.models.reference;

import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.ElementType;

import dev.findling.models.onnx.OnnxGraph.Value;

import java.util.List;

import static dev.findling.models.reference.ReferenceImageEncoder.CELL;
import static dev.findling.models.reference.ReferenceImageEncoder.CHANNELS;
import static dev.findling.models.reference.ReferenceImageEncoder.GRID;
import static dev.findling.models.reference.ReferenceImageEncoder.INPUT_SIZE;

/**
 * Builds the reference pack's mask decoders with the exact IO of segment-anything's ONNX export
 * ({@code sam-onnx}) and of the PerSAM variant ({@code persam}, which adds {@code attn_sim} and
 * {@code target_embedding}).
 *
 * <p>The decoder is a prompt-seeded region grower over the encoder's 64×64 cosine geometry:
 * <ol>
 *   <li>each positive click's query is its cell's feature (PerSAM: plus {@code target_embedding} —
 *       target-semantic prompting), L2-normalised; a box without positive clicks queries the mean
 *       feature of its central third;</li>
 *   <li>{@code s_pos} = max cosine to the positive queries, {@code s_neg} = max cosine to the
 *       negative clicks' cells (−3 without negatives);</li>
 *   <li>per output token t a threshold {@code k_t = m + α_t·(1 − m)} between the image's mean
 *       similarity m and perfect similarity; score = s_pos − max(s_neg, k_t) + bounded priors from
 *       {@code mask_input} and (PerSAM) {@code attn_sim};</li>
 *   <li>the mask grows from the seed cells through cells with score &gt; 0 (inside the box when
 *       there is one) by {@value #GROWTH_STEPS} unrolled 3×3 dilations, so each mask is the
 *       connected region of its prompts;</li>
 *   <li>logits = {@value #LOGIT_GAIN}·score inside the region and −{@value #LOGIT_GAIN}·|score|
 *       outside: continuous where the region ends at score 0, so bilinear upsampling places the
 *       boundary between cells where the similarity crosses the threshold;</li>
 *   <li>{@code iou_predictions} is SAM's stability score of each low-res mask, {@code masks} is
 *       SAM's postprocessing (upsample to 1024, crop the padding, resize to H×W) done in the graph.</li>
 * </ol>
 */
public final class ReferenceMaskDecoder {
    public static final int LOW_RES = 256;
    public static final int MASKS = 4;
    /** Dilation steps: enough to cross the 64-cell grid along any monotone path. */
    public static final int GROWTH_STEPS = 64;
    /** Score → logit scale, giving logits of SAM's typical magnitude (about ±10). */
    public static final float LOGIT_GAIN = 20f;
    /**
     * Where each token's threshold sits between the mean image similarity (0) and a perfect match (1):
     * token 0 (single mask) and the multimask tokens small / medium / large.
     */
    static final float[] THRESHOLD_POSITION = {0.45f, 0.65f, 0.45f, 0.25f};
    /** Largest score change a {@code mask_input} can make (score units; SAM logits are squashed by tanh(x/4)). */
    static final float MASK_PRIOR = 0.5f;
    static final float MASK_PRIOR_LOGIT_SCALE = 4f;
    /** Largest score change PerSAM's target-guided attention can make: γ·(2·attn_sim − 1). */
    static final float ATTENTION_PRIOR = 0.15f;
    /** SAM's stability-score offset, in logits (segment_anything's stability_score_offset = 1.0). */
    static final float STABILITY_OFFSET = 1f;
    /** Value of s_pos / s_neg where there is no positive / negative prompt. */
    static final float NO_PROMPT = -3f;
    private static final float EPS = 1e-6f;

    private ReferenceMaskDecoder() {
    }

    /** The {@code sam-onnx} decoder. */
    public static OnnxGraph buildSamOnnx() {
        return build(false);
    }

    /** The {@code persam} decoder. */
    public static OnnxGraph buildPersam() {
        return build(true);
    }

    static OnnxGraph build(boolean persam) {
        return build(persam, THRESHOLD_POSITION);
    }

    static OnnxGraph build(boolean persam, float[] thresholdPosition) {
        OnnxGraph g = new OnnxGraph(persam ? "findling_reference_persam_decoder" : "findling_reference_mask_decoder")
                .doc("Findling reference mask decoder (classical, not learned): prompt-seeded region growing over "
                        + "cosine similarity of the reference encoder's cell features; SAM ONNX IO"
                        + (persam ? " plus PerSAM's attn_sim and target_embedding." : "."));
        Value embeddings = g.input("image_embeddings", ElementType.FLOAT, 1, CHANNELS, GRID, GRID);
        Value pointCoords = g.input("point_coords", ElementType.FLOAT, 1, "num_points", 2);
        Value pointLabels = g.input("point_labels", ElementType.FLOAT, 1, "num_points");
        Value maskInput = g.input("mask_input", ElementType.FLOAT, 1, 1, LOW_RES, LOW_RES);
        Value hasMaskInput = g.input("has_mask_input", ElementType.FLOAT, 1);
        Value origImSize = g.input("orig_im_size", ElementType.FLOAT, 2);
        Value attnSim = persam ? g.input("attn_sim", ElementType.FLOAT, 1, 1, 1, GRID * GRID) : null;
        Value targetEmbedding = persam ? g.input("target_embedding", ElementType.FLOAT, 1, 1, CHANNELS) : null;

        int cells = GRID * GRID;
        Value zero = g.scalar(0f);
        Value one = g.scalar(1f);
        Value eps = g.scalar(EPS);

        // Cell features as columns [256,4096] and their norms; similarities are divided by the norms
        // afterwards (N×4096 divisions instead of normalising all 256×4096 values).
        Value features = g.reshape(embeddings, CHANNELS, cells);
        float[] ones = new float[CHANNELS];
        java.util.Arrays.fill(ones, 1f);
        Value squaredNorms = g.matMul(g.tensor(new long[]{1, CHANNELS}, ones), g.mul(features, features));  // [1,4096]
        Value featureNorms = g.max(g.sqrt(squaredNorms), eps);

        // Prompts: coordinates in the 1024 frame → cell index; labels as a vector.
        Value coords = g.reshape(pointCoords, -1, 2);
        Value px = g.gather(coords, g.int64Scalar(0), 1);                           // [N]
        Value py = g.gather(coords, g.int64Scalar(1), 1);
        Value labels = g.reshape(pointLabels, -1);                                   // [N]
        Value gridMax = g.scalar(GRID - 1);
        Value cellSize = g.scalar(CELL);
        Value gx = g.clip(g.floor(g.div(px, cellSize)), zero, gridMax);
        Value gy = g.clip(g.floor(g.div(py, cellSize)), zero, gridMax);
        Value cellIndex = g.cast(g.add(g.mul(gy, g.scalar(GRID)), gx), ElementType.INT64);  // [N]

        Value isPositive = g.equal(labels, one);
        Value isNegative = g.equal(labels, zero);
        Value isBoxStart = g.cast(g.equal(labels, g.scalar(2f)), ElementType.FLOAT);
        Value isBoxEnd = g.cast(g.equal(labels, g.scalar(3f)), ElementType.FLOAT);

        // Queries of the clicks: the clicked cell's feature (+ target embedding for PerSAM), normalised.
        Value queries = g.transpose(g.gather(features, cellIndex, 1), 1, 0);         // [N,256]
        if (persam) {
            queries = g.add(queries, g.reshape(targetEmbedding, 1, CHANNELS));
        }
        Value similarity = g.div(g.matMul(unit(g, queries, eps), features), featureNorms);  // [N,4096] cosines
        Value noPrompt = g.scalar(NO_PROMPT);
        Value positiveSim = g.reduceMax(g.where(g.unsqueeze(isPositive, 1), similarity, noPrompt), true, 0);  // [1,4096]
        Value negativeSim = g.reduceMax(g.where(g.unsqueeze(isNegative, 1), similarity, noPrompt), true, 0);
        Value hasPositive = g.reduceMax(g.cast(isPositive, ElementType.FLOAT), false, 0);                  // scalar

        // Geometry of the cell grid and of the un-padded image (SAM's resize rule, in double precision).
        float[] centreX = new float[cells];
        float[] centreY = new float[cells];
        float[] indices = new float[cells];
        for (int i = 0; i < cells; i++) {
            centreX[i] = (i % GRID) * CELL + CELL / 2f;
            centreY[i] = (i / GRID) * CELL + CELL / 2f;
            indices[i] = i;
        }
        Value cx = g.tensor(new long[]{1, cells}, centreX);
        Value cy = g.tensor(new long[]{1, cells}, centreY);
        Value origSizeD = g.cast(origImSize, ElementType.DOUBLE);
        Value longest = g.max(g.gather(origSizeD, g.int64Scalar(0), 0), g.gather(origSizeD, g.int64Scalar(1), 0));
        Value scale = g.div(g.doubleScalar(INPUT_SIZE), longest);
        Value resizedSize = g.cast(g.add(g.mul(origSizeD, scale), g.doubleScalar(0.5)), ElementType.INT64); // [2] (h, w)
        Value resizedF = g.cast(resizedSize, ElementType.FLOAT);
        Value valid = g.mul(
                g.cast(g.less(cy, g.gather(resizedF, g.int64Scalar(0), 0)), ElementType.FLOAT),
                g.cast(g.less(cx, g.gather(resizedF, g.int64Scalar(1), 0)), ElementType.FLOAT));            // [1,4096]

        // Box (labels 2 and 3): restricts the mask to the box grown by half a cell; seeds its central third.
        Value boxCount = g.reduceSum(isBoxStart, false, 0);
        Value hasBox = g.min(boxCount, one);
        Value boxDivisor = g.max(boxCount, one);
        Value bx0 = g.div(g.reduceSum(g.mul(px, isBoxStart), false, 0), boxDivisor);
        Value by0 = g.div(g.reduceSum(g.mul(py, isBoxStart), false, 0), boxDivisor);
        Value bx1 = g.div(g.reduceSum(g.mul(px, isBoxEnd), false, 0), boxDivisor);
        Value by1 = g.div(g.reduceSum(g.mul(py, isBoxEnd), false, 0), boxDivisor);
        Value halfCell = g.scalar(CELL / 2f);
        Value insideBox = g.mul(g.mul(atLeast(g, cx, g.sub(bx0, halfCell)), atMost(g, cx, g.add(bx1, halfCell))),
                g.mul(atLeast(g, cy, g.sub(by0, halfCell)), atMost(g, cy, g.add(by1, halfCell))));
        Value boxAllowed = g.add(g.sub(one, hasBox), g.mul(hasBox, insideBox));       // 1 everywhere without a box
        Value half = g.scalar(0.5f);
        Value sixth = g.scalar(1f / 6f);
        Value boxCx = g.mul(g.add(bx0, bx1), half);
        Value boxCy = g.mul(g.add(by0, by1), half);
        Value centreRadiusX = g.add(g.mul(g.sub(bx1, bx0), sixth), halfCell);
        Value centreRadiusY = g.add(g.mul(g.sub(by1, by0), sixth), halfCell);
        Value boxCentre = g.mul(atMost(g, g.abs(g.sub(cx, boxCx)), centreRadiusX),
                atMost(g, g.abs(g.sub(cy, boxCy)), centreRadiusY));                   // [1,4096]
        Value boxQuery = g.transpose(g.matMul(features, g.transpose(boxCentre, 1, 0)), 1, 0);  // [1,256], sum of centre features
        if (persam) {
            boxQuery = g.add(g.div(boxQuery, g.max(g.reduceSum(boxCentre, false, 0, 1), one)),
                    g.reshape(targetEmbedding, 1, CHANNELS));
        }
        Value boxSim = g.div(g.matMul(unit(g, boxQuery, eps), features), featureNorms);  // [1,4096]
        Value boxSeeds = g.mul(hasBox, g.sub(one, hasPositive));                      // box queries only without clicks
        Value queryBoxSim = g.add(positiveSim, g.mul(boxSeeds, g.sub(boxSim, positiveSim)));

        // Seeds: the clicked cells of positive points, or the box centre.
        Value clickedCells = g.cast(g.equal(g.unsqueeze(cellIndex, 1), g.cast(g.tensor(new long[]{1, cells}, indices),
                ElementType.INT64)), ElementType.FLOAT);                                // [N,4096]
        Value positiveSeeds = g.reduceMax(g.mul(clickedCells, g.cast(g.unsqueeze(isPositive, 1), ElementType.FLOAT)), true, 0);
        Value seeds = g.max(positiveSeeds, g.mul(boxSeeds, boxCentre));               // [1,4096]

        // Per-token thresholds between the mean similarity of the image and a perfect match.
        Value meanSim = g.div(g.reduceSum(g.mul(queryBoxSim, valid), false, 0, 1), g.max(g.reduceSum(valid, false, 0, 1), one));
        Value positions = g.tensor(new long[]{MASKS, 1}, thresholdPosition);
        Value thresholds = g.add(meanSim, g.mul(positions, g.sub(one, meanSim)));   // [4,1]
        Value score = g.sub(queryBoxSim, g.max(negativeSim, thresholds));           // [4,4096]

        // Bounded priors: the previous mask (mask_input) and PerSAM's target-guided attention.
        Value pooledMask = g.reshape(g.averagePool(maskInput, LOW_RES / GRID, LOW_RES / GRID, 0), 1, cells);
        Value maskPrior = g.mul(g.mul(g.tanh(g.div(pooledMask, g.scalar(MASK_PRIOR_LOGIT_SCALE))), g.scalar(MASK_PRIOR)),
                hasMaskInput);
        score = g.add(score, maskPrior);
        if (persam) {
            Value attention = g.reshape(attnSim, 1, cells);
            score = g.add(score, g.mul(g.sub(g.mul(attention, g.scalar(2f)), one), g.scalar(ATTENTION_PRIOR)));
        }

        // Region growing from the seeds through cells with a positive score.
        Value allowed = g.mul(g.mul(g.cast(g.greater(score, zero), ElementType.FLOAT), boxAllowed), valid);
        Value passable = g.reshape(g.max(allowed, seeds), 1, MASKS, GRID, GRID);
        Value grown = g.mul(g.reshape(seeds, 1, 1, GRID, GRID), passable);
        for (int step = 0; step < GROWTH_STEPS; step++) {
            grown = g.mul(g.maxPool(grown, 3, 1, 1), passable);
        }
        Value scoreGrid = g.reshape(score, 1, MASKS, GRID, GRID);
        Value logits64 = g.mul(g.where(g.greater(grown, half), scoreGrid, g.neg(g.abs(scoreGrid))), g.scalar(LOGIT_GAIN));

        // SAM's outputs: 256² low-res logits, stability as IoU estimate, masks at the original size.
        Value lowRes = g.resizeBilinear(logits64, g.int64s(1, MASKS, LOW_RES, LOW_RES));
        Value offset = g.scalar(STABILITY_OFFSET);
        Value confident = g.reduceSum(g.cast(g.greater(lowRes, offset), ElementType.FLOAT), false, 2, 3);
        Value plausible = g.reduceSum(g.cast(g.greater(lowRes, g.neg(offset)), ElementType.FLOAT), false, 2, 3);
        Value iou = g.div(confident, g.max(plausible, one));                         // [1,4]

        // Only the low-res rows/columns that reach the crop are upsampled: with half-pixel sampling at
        // scale 4, output pixel d < newDim reads low-res indices ≤ ⌈newDim/4⌉, so slicing the low-res
        // map to ⌈newDim/4⌉ + 1 (at most 256) before the ×4 resize changes no kept value.
        Value lowResKept = g.min(g.add(g.div(g.add(resizedSize, g.int64s(3, 3)), g.int64s(4, 4)), g.int64s(1, 1)),
                g.int64s(LOW_RES, LOW_RES));                                             // [2]
        Value lowResCrop = g.slice(lowRes, g.int64s(0, 0), lowResKept, g.int64s(2, 3));
        Value upsampled = g.resizeBilinear(lowResCrop,
                g.concat(0, g.int64s(1, MASKS), g.mul(lowResKept, g.int64s(4, 4))));
        Value cropped = g.slice(upsampled, g.int64s(0, 0), resizedSize, g.int64s(2, 3));
        Value originalSize = g.concat(0, g.int64s(1, MASKS), g.cast(origImSize, ElementType.INT64));
        Value masks = g.resizeBilinear(cropped, originalSize);

        g.output("masks", masks, ElementType.FLOAT, 1, MASKS, "height", "width");
        g.output("iou_predictions", iou, ElementType.FLOAT, 1, MASKS);
        g.output("low_res_masks", lowRes, ElementType.FLOAT, 1, MASKS, LOW_RES, LOW_RES);
        return g;
    }

    private static Value unit(OnnxGraph g, Value rows, Value eps) {
        return g.div(rows, g.max(g.reduceL2(rows, true, 1), eps));
    }

    private static Value atLeast(OnnxGraph g, Value a, Value b) {
        return g.cast(g.op("GreaterOrEqual", List.of(a, b)), ElementType.FLOAT);
    }

    private static Value atMost(OnnxGraph g, Value a, Value b) {
        return g.cast(g.op("LessOrEqual", List.of(a, b)), ElementType.FLOAT);
    }
}
