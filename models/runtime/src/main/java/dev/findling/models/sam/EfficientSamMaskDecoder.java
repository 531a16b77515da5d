package dev.findling.models.sam;

import ai.onnxruntime.TensorInfo;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.pack.PackException;
import dev.findling.models.runtime.BoundSession;

import java.util.List;
import java.util.Map;

/**
 * The {@code efficientsam} dialect: yformer/EfficientSAM's {@code export_to_onnx.py} decoder (ViT-T, ViT-S).
 * Inputs {@code image_embeddings} [1,256,64,64], {@code batched_point_coords} [1,1,N,2] in the pixels of an
 * image of size {@code orig_im_size} (int64 [2] = H, W), {@code batched_point_labels} [1,1,N] (1 positive,
 * 0 negative, 2/3 box corners); outputs {@code output_masks} [1,1,3,H,W], {@code iou_predictions} [1,1,3] and
 * the 256² low-res logits [1,3,256,256] under a name the exporter made up (see {@link #lowResOutput}).
 *
 * <p>Three multimask candidates, no single-mask token; the graph pads the prompt to six points itself, so
 * only the real points are sent (no SAM padding point). EfficientSAM gives label 0 no embedding, so a negative
 * click reaches the graph but changes nothing — its design, not Findling's.
 *
 * <p>The graph uses {@code orig_im_size} for two things: scaling the points to its 1024² frame
 * ({@code x·1024/W}, {@code y·1024/H}) and upsampling its three masks to H×W. ONNX Runtime computes that
 * full-size output even when it is not fetched, which on a 12 MP photo would be three 12 MP float maps per
 * pass; so images larger than {@value #MAX_CANVAS} px on their longer side are given to the decoder at their
 * {@link ResizeGeometry} reduction (the same points in that canvas's pixels). The point scaling makes the
 * low-res logits independent of that choice (the fixtures' {@code point_nonsquare} case shows it); Findling
 * makes full-size masks from the low-res logits itself ({@link MaskPostprocessor}), as the graph does: one
 * bilinear resize from 256² to H×W (see {@link #lowResFrame}).
 */
final class EfficientSamMaskDecoder extends AbstractMaskDecoder {
    /** The graph pads or cuts every prompt to this many points (EfficientSAM's {@code onnx_models.py}). */
    static final int MAX_POINTS = 6;
    /** Longest side of the canvas the decoder's points and {@code orig_im_size} are given in. */
    static final int MAX_CANVAS = 1024;
    static final String POINT_COORDS = "batched_point_coords";
    static final String POINT_LABELS = "batched_point_labels";
    static final String ORIG_IM_SIZE = "orig_im_size";
    static final String OUTPUT_MASKS = "output_masks";
    private static final DecoderResult.CandidateLayout LAYOUT =
            new DecoderResult.CandidateLayout(3, false, DecoderResult.ScoreKind.IOU_PREDICTION);

    /** Whether the graph takes PerSAM's {@code attn_sim} and {@code target_embedding} ({@code efficientsam-persam}). */
    private final boolean guided;

    EfficientSamMaskDecoder(String packId, BoundSession session) {
        this(packId, session, false);
    }

    private EfficientSamMaskDecoder(String packId, BoundSession session, boolean guided) {
        super(packId, lowResOutput(session));
        this.guided = guided;
    }

    /** The {@code efficientsam-persam} dialect: this decoder with PerSAM's two inputs, derived by graph editing. */
    static EfficientSamMaskDecoder guided(String packId, BoundSession session) {
        return new EfficientSamMaskDecoder(packId, session, true);
    }

    /**
     * EfficientSAM's exporter names only {@code output_masks} and {@code iou_predictions}; the low-res logits
     * get an auto-generated name ({@code onnx::Shape_1816} in one export, another string in the published file).
     * A pack may map {@code low_res_masks} explicitly; otherwise the one remaining rank-4 output is it.
     */
    static BoundSession lowResOutput(BoundSession session) {
        Map<String, TensorInfo> outputs = session.outputInfos();
        if (outputs.containsKey(session.entry().outputName(LOW_RES_MASKS))) {
            return session;
        }
        List<String> others = outputs.entrySet().stream()
                .filter(e -> e.getValue().getShape().length == 4)
                .filter(e -> !e.getKey().equals(session.entry().outputName(OUTPUT_MASKS))
                        && !e.getKey().equals(session.entry().outputName(IOU_PREDICTIONS)))
                .map(Map.Entry::getKey).sorted().toList();
        if (others.size() != 1) {
            throw new PackException(session.file() + ": an efficientsam decoder has one rank-4 output besides "
                    + OUTPUT_MASKS + " and " + IOU_PREDICTIONS + " (the 256² low-res logits) but this graph has "
                    + others + "; name it in pack.json \"outputs\": {\"low_res_masks\": …}");
        }
        return session.withOutputMapped(LOW_RES_MASKS, others.get(0));
    }

    @Override
    public DecoderResult.CandidateLayout candidates() {
        return LAYOUT;
    }

    @Override
    public boolean acceptsGuidance() {
        return guided;
    }

    @Override
    public boolean acceptsMaskInput() {
        return false;
    }

    @Override
    public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
        requireOwnEmbedding(embedding);
        ResizeGeometry g = embedding.geometry();
        int n = prompt.points().size() + (prompt.box() != null ? 2 : 0);
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("an EfficientSAM decoder takes at most " + MAX_POINTS
                    + " points (a box counts as two) but the prompt has " + n);
        }
        ResizeGeometry canvas = canvas(g);
        PromptPoints points = PromptPoints.of(prompt, canvas, false);
        try (BoundSession.Inputs inputs = session.inputs()) {
            putEmbedding(inputs, embedding);
            inputs.floats(POINT_COORDS, points.coords(), 1, 1, points.count(), 2);
            inputs.floats(POINT_LABELS, points.labels(), 1, 1, points.count());
            inputs.ids(ORIG_IM_SIZE, new int[]{canvas.resizedHeight(), canvas.resizedWidth()}, 2);
            boolean guidanceApplied = guided && putGuidanceInputs(inputs, embedding, prompt.guidance());
            return run(inputs, session.output(IOU_PREDICTIONS), session.output(LOW_RES_MASKS), LAYOUT, lowResFrame(g),
                    guidanceApplied, false);
        }
    }

    /**
     * The frame the low-res logits cover: the whole image stretched to 256², so that {@link MaskPostprocessor}'s
     * rule (to the frame, crop, to the original size) becomes the graph's own single bilinear resize 256² → H×W.
     */
    static ResizeGeometry lowResFrame(ResizeGeometry g) {
        return ResizeGeometry.stretched(g.originalHeight(), g.originalWidth(), DecoderPrompt.LOW_RES_SIDE);
    }

    /** The original image, or its reduction to {@value #MAX_CANVAS} px on the longer side when it is larger. */
    static ResizeGeometry canvas(ResizeGeometry g) {
        if (Math.max(g.originalHeight(), g.originalWidth()) <= MAX_CANVAS) {
            return new ResizeGeometry(g.originalHeight(), g.originalWidth(), g.originalHeight(), g.originalWidth(),
                    Math.max(g.originalHeight(), g.originalWidth()));
        }
        return ResizeGeometry.of(g.originalHeight(), g.originalWidth(), MAX_CANVAS);
    }
}
