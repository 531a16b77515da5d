package dev.findling.semantic;

import dev.findling.models.ModelPack;
import dev.findling.models.clip.DenseEncoder;
import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.clip.SamClipBackbone;
import dev.findling.models.clip.TextEncoder;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.OriginalSizeRows;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.semantic.text.ClassEmbedding;
import dev.findling.semantic.text.PromptEnsembleEmbedder;
import dev.findling.semantic.text.TextEmbeddingCache;
import dev.findling.semantic.tokenizer.ClipTokenizer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Open-vocabulary ("SAM-CLIP") segmentation: the semantic module's entry point (docs/ARCHITECTURE.md §4).
 *
 * <p>For a query of one or more class names ("dog, sofa, floor"): each class becomes a CLIP
 * prompt-ensemble text embedding; the pack's dense encoder gives per-patch features in the same space;
 * per-patch cosine to each class, a softmax over the classes and a constant-logit background, and
 * bilinear upsampling through the dense features' geometry give the <em>coarse</em> label map. In
 * <em>refined</em> mode each found class then prompts the pack's SAM decoder with its coarse map as
 * {@code mask_input} (log-odds in SAM's 256×256 low-res frame) plus 1–3 points deep inside its coarse
 * region; the decoder mask that agrees best with the coarse region is kept, and each pixel goes to the
 * class with the highest positive decoder logit.
 *
 * <p>Works for a merged backbone ({@code samclip} dense encoder with SAM's preprocessing) and for a
 * composite pack (SAM encoder plus {@code dense-clip}): the dense features carry their own geometry, and
 * coarse maps are carried into SAM's frame through original-image coordinates when the frames differ. With a
 * merged backbone ({@link ModelPack#samClipBackbone()}) refined mode runs the backbone once for the SAM
 * embedding and the dense features together; given a cached SAM embedding, or in coarse mode, it runs it
 * once for the dense features.
 *
 * <p>A class the model cannot place — a zero text embedding, nothing above the background threshold, an
 * empty decoder mask, every pixel taken by another class — comes back empty with a message, never as
 * an error. Immutable and thread-safe; one instance per pack is shared by all requests.
 *
 * <pre>{@code
 * SemanticSegmenter segmenter = SemanticSegmenter.forPack(pack);
 * SemanticSegmentation r = segmenter.segment(image, ClassQuery.parse("dog, sofa"), SegmentationMode.REFINED);
 * BinaryMask dog = r.classes().get(0).mask();
 * }</pre>
 */
public final class SemanticSegmenter {
    private final ModelPack pack;
    private final TextEncoder textEncoder;
    private final DenseEncoder denseEncoder;
    /** The pack's merged SAM-CLIP backbone, or null when its image and dense encoders are separate graphs. */
    private final SamClipBackbone backbone;
    private final ClipTokenizer tokenizer;
    private final PromptEnsembleEmbedder embedder;
    private final SegmentationSettings settings;

    private SemanticSegmenter(ModelPack pack, ClipTokenizer tokenizer, SegmentationSettings settings, TextEmbeddingCache cache) {
        this.pack = pack;
        this.textEncoder = pack.textEncoder().orElseThrow();
        this.denseEncoder = pack.denseEncoder().orElseThrow();
        this.backbone = pack.samClipBackbone().orElse(null);
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.embedder = new PromptEnsembleEmbedder(textEncoder, tokenizer, pack.id(), cache);
    }

    /** With the pack's default settings and a private embedding cache. */
    public static SemanticSegmenter forPack(ModelPack pack) {
        return forPack(pack, SegmentationSettings.forPack(pack), new TextEmbeddingCache(TextEmbeddingCache.DEFAULT_CAPACITY));
    }

    /**
     * @param cache may be shared between segmenters of several packs: entries are keyed by pack id
     * @throws IllegalArgumentException when the pack lacks a text encoder, a dense encoder or tokenizer files
     */
    public static SemanticSegmenter forPack(ModelPack pack, SegmentationSettings settings, TextEmbeddingCache cache) {
        Objects.requireNonNull(pack, "pack");
        unsupportedReason(pack).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        ClipTokenizer tokenizer = ClipTokenizer.forPack(pack.tokenizer().orElseThrow());
        int dense = pack.denseEncoder().orElseThrow().dimension();
        int text = pack.textEncoder().orElseThrow().dimension();
        if (dense != text) {
            throw new IllegalArgumentException("pack " + pack.id() + " has a " + text + "-dimensional text encoder but a " + dense
                    + "-dimensional dense encoder; open-vocabulary segmentation needs one shared space");
        }
        return new SemanticSegmenter(pack, tokenizer, Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(cache, "cache"));
    }

    /** Why a pack cannot do open-vocabulary segmentation, or empty when it can. */
    public static Optional<String> unsupportedReason(ModelPack pack) {
        List<String> missing = new ArrayList<>();
        if (pack.textEncoder().isEmpty()) {
            missing.add("a text-encoder");
        }
        if (pack.denseEncoder().isEmpty()) {
            missing.add("a dense-encoder");
        }
        if (pack.tokenizer().isEmpty()) {
            missing.add("tokenizer files");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("pack " + pack.id() + " cannot segment from text: it has no "
                + String.join(" and no ", missing) + " (a SAM-CLIP or SAM + dense CLIP pack has them)");
    }

    /** Segments the classes of a comma-separated query ("dog, sofa, floor"). */
    public SemanticSegmentation segment(RgbImage image, String query, SegmentationMode mode) {
        return segment(image, ClassQuery.parse(query), mode);
    }

    public SemanticSegmentation segment(RgbImage image, ClassQuery query, SegmentationMode mode) {
        return segment(image, null, query, mode);
    }

    /**
     * As {@link #segment(RgbImage, ClassQuery, SegmentationMode)} with the image's SAM embedding already
     * computed (e.g. from a cache); ignored in coarse mode, computed when null.
     *
     * @throws IllegalArgumentException when the embedding is from another pack or another image size, or the query
     *                                  has more classes than {@link SegmentationSettings#maxClasses()}
     */
    public SemanticSegmentation segment(RgbImage image, ImageEmbedding samEmbedding, ClassQuery query, SegmentationMode mode) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        if (query.size() > settings.maxClasses()) {
            throw new IllegalArgumentException("the query names " + query.size() + " classes but at most " + settings.maxClasses()
                    + " are allowed in one query");
        }
        if (samEmbedding != null) {
            checkEmbedding(image, samEmbedding);
        }
        long start = System.nanoTime();
        List<String> names = query.classNames();
        List<String> notes = new ArrayList<>();
        if (pack.isReference()) {
            notes.add("computed with " + pack.displayLabel() + ": colour and texture words only, not a learned CLIP model");
        }

        long t0 = System.nanoTime();
        List<ClassEmbedding> embeddings = new ArrayList<>(names.size());
        for (String name : names) {
            embeddings.add(embedder.embed(name));
        }
        Duration textTime = since(t0);

        Duration encoderTime = Duration.ZERO;
        Duration denseTime = Duration.ZERO;
        DenseFeatures features;
        if (mode == SegmentationMode.REFINED && samEmbedding == null && backbone != null) {
            // A merged backbone computes both outputs on every run: one run for both, timed as the encoder.
            long t1 = System.nanoTime();
            SamClipBackbone.Encoding both = backbone.encode(image);
            encoderTime = since(t1);
            samEmbedding = both.sam();
            features = both.dense();
        } else {
            if (mode == SegmentationMode.REFINED && samEmbedding == null) {
                long t1 = System.nanoTime();
                samEmbedding = pack.imageEncoder().encode(image);
                encoderTime = since(t1);
            }
            long t2 = System.nanoTime();
            features = denseEncoder.encode(image);
            denseTime = since(t2);
        }
        checkDenseGeometry(image, features);

        long t3 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        List<Integer> understood = new ArrayList<>();
        for (int k = 0; k < embeddings.size(); k++) {
            if (embeddings.get(k).understood()) {
                understood.add(k);
                vectors.add(embeddings.get(k).vector());
            }
        }
        float[][] cosUnderstood = PatchSimilarity.cosines(features, vectors);
        float[][] cosines = new float[names.size()][];
        for (int i = 0; i < understood.size(); i++) {
            cosines[understood.get(i)] = cosUnderstood[i];
        }
        Duration similarityTime = since(t3);

        Outcome outcome = mode == SegmentationMode.COARSE
                ? coarse(features, cosines, embeddings)
                : refined(features, samEmbedding, cosines, embeddings, notes);

        Duration similarity = similarityTime.plus(outcome.similarityTime);
        StageTimings timings = new StageTimings(textTime, encoderTime, denseTime, similarity, outcome.decoderTimes,
                outcome.postProcessingTime, since(start));
        return new SemanticSegmentation(pack.id(), pack.displayLabel(), mode, outcome.labels, outcome.segments, timings, notes);
    }

    /**
     * Each class's cosine with every patch of the image that lies on the image (padding cells left out): what the
     * background threshold is compared with. A class the text encoder has no embedding for gets an empty array.
     * For calibration ({@link SimilarityDistribution}), not for segmentation.
     */
    public float[][] patchCosines(RgbImage image, ClassQuery query) {
        DenseFeatures features = denseEncoder.encode(image);
        checkDenseGeometry(image, features);
        List<String> names = query.classNames();
        float[][] out = new float[names.size()][];
        ResizeGeometry g = features.geometry();
        int gh = features.gridHeight();
        int gw = features.gridWidth();
        List<Integer> onImage = new ArrayList<>();
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                if ((y + 0.5f) * g.inputSize() / gh < g.resizedHeight() && (x + 0.5f) * g.inputSize() / gw < g.resizedWidth()) {
                    onImage.add(y * gw + x);
                }
            }
        }
        for (int k = 0; k < names.size(); k++) {
            ClassEmbedding e = embedder.embed(names.get(k));
            if (!e.understood()) {
                out[k] = new float[0];
                continue;
            }
            float[] all = PatchSimilarity.cosines(features, List.of(e.vector()))[0];
            out[k] = new float[onImage.size()];
            for (int i = 0; i < out[k].length; i++) {
                out[k][i] = all[onImage.get(i)];
            }
        }
        return out;
    }

    /**
     * The prompt-ensemble embedding of a class name in this pack's text space (cached); for text search
     * over a library's global image embeddings.
     */
    public ClassEmbedding textEmbedding(String className) {
        return embedder.embed(className);
    }

    /**
     * The normalised embedding of one sentence as typed (no prompt templates, not cached); all zeros when the
     * model has no embedding for it.
     *
     * @throws dev.findling.semantic.tokenizer.TokenizerException when the text exceeds the encoder's context
     */
    public float[] sentenceEmbedding(String text) {
        return embedder.embedSentence(text);
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public SegmentationSettings settings() {
        return settings;
    }

    public TextEmbeddingCache embeddingCache() {
        return embedder.cache();
    }

    public String packId() {
        return pack.id();
    }

    private record Outcome(LabelMap labels, List<ClassSegment> segments, Map<String, Duration> decoderTimes,
                           Duration similarityTime, Duration postProcessingTime) {
    }

    private Outcome coarse(DenseFeatures features, float[][] cosines, List<ClassEmbedding> embeddings) {
        long t = System.nanoTime();
        ResizeGeometry g = features.geometry();
        CoarseLabeler labeler = CoarseLabeler.label(cosines, features.gridHeight(), features.gridWidth(), g,
                settings.temperature(), settings.backgroundSimilarity());
        List<String> names = embeddings.stream().map(ClassEmbedding::className).toList();
        LabelMap labels = new LabelMap(g.originalWidth(), g.originalHeight(), labeler.labels, names);
        float[] best = bestCosines(cosines, features);
        List<ClassSegment> segments = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            BinaryMask mask = labels.mask(k + 1);
            long area = labeler.pixelCount[k];
            String message = area > 0 ? null : emptyCoarseMessage(embeddings.get(k), best[k]);
            double score = area > 0 ? labeler.probabilitySum[k] / area : 0;
            segments.add(new ClassSegment(k + 1, names.get(k), mask, area, score, Double.NaN, List.of(), message));
        }
        return new Outcome(labels, segments, Map.of(), Duration.ZERO, since(t));
    }

    private Outcome refined(DenseFeatures features, ImageEmbedding samEmbedding, float[][] cosines,
                            List<ClassEmbedding> embeddings, List<String> notes) {
        long t = System.nanoTime();
        ResizeGeometry sam = samEmbedding.geometry();
        ResizeGeometry dense = features.geometry();
        int k = cosines.length;
        boolean[] valid = GridResampler.validLowResCells(sam);
        // Coarse maps in SAM's low-res frame, where mask_input lives; left-out classes get −1 (never above the background).
        float[][] lowResCos = new float[k][];
        for (int c = 0; c < k; c++) {
            lowResCos[c] = cosines[c] == null ? filled(-1f)
                    : GridResampler.toLowResFrame(cosines[c], features.gridHeight(), features.gridWidth(), dense, sam, -1f);
        }
        ClassProbabilities coarse = ClassProbabilities.of(lowResCos, valid, settings.temperature(), settings.backgroundSimilarity());
        Duration similarityTime = since(t);

        MaskDecoder decoder = pack.promptDecoder();
        if (!decoder.acceptsMaskInput()) {
            notes.add("the pack's " + decoder.dialect() + " decoder takes no mask input, so only the sampled points guided it");
        }
        Map<String, Duration> decoderTimes = new LinkedHashMap<>();
        DecoderResult[] results = new DecoderResult[k];
        int[] chosen = new int[k];
        List<List<PointPrompt>> points = new ArrayList<>();
        String[] messages = new String[k];
        float[] best = bestCosines(cosines, features);
        for (int c = 0; c < k; c++) {
            points.add(List.of());
            ClassEmbedding e = embeddings.get(c);
            if (!e.understood()) {
                messages[c] = e.problem();
                continue;
            }
            boolean[] region = new boolean[valid.length];
            boolean any = false;
            for (int i = 0; i < region.length; i++) {
                region[i] = (coarse.labels[i] & 0xff) == c + 1;
                any |= region[i];
            }
            if (!any) {
                messages[c] = emptyCoarseMessage(e, best[c]);
                continue;
            }
            List<PointPrompt> prompts = new ArrayList<>();
            for (int cell : ConfidentPointSampler.sample(region, coarse.probability[c], settings.maxPointsPerClass())) {
                float[] xy = GridResampler.lowResCellToOriginal(cell % GridResampler.LOW_RES, cell / GridResampler.LOW_RES, sam);
                prompts.add(PointPrompt.positive(xy[0], xy[1]));
            }
            if (prompts.isEmpty()) {
                messages[c] = "the coarse region of '" + e.className() + "' is too thin to place a prompt point in";
                continue;
            }
            points.set(c, List.copyOf(prompts));
            DecoderPrompt prompt = DecoderPrompt.of(prompts);
            if (decoder.acceptsMaskInput()) {
                prompt = prompt.withMaskInput(maskInput(coarse.probability[c], valid));
            }
            long td = System.nanoTime();
            DecoderResult result = decoder.decode(samEmbedding, prompt);
            decoderTimes.put(e.className(), since(td));
            int pick = mostConsistentMask(result, region, valid);
            if (pick < 0) {
                messages[c] = "the mask decoder returned no mask overlapping the coarse region of '" + e.className() + "'";
                continue;
            }
            results[c] = result;
            chosen[c] = pick;
        }

        long tp = System.nanoTime();
        int w = sam.originalWidth();
        int h = sam.originalHeight();
        byte[] labels = new byte[w * h];
        // Each pixel goes to the class whose mask logit there is highest and positive; composed a row at a time so that
        // a large photo costs its label bytes, not a float plane per class.
        OriginalSizeRows[] rows = new OriginalSizeRows[k];
        for (int c = 0; c < k; c++) {
            rows[c] = results[c] == null ? null : results[c].rowsAtOriginalSize(chosen[c]);
        }
        float[] logits = new float[w];
        float[] bestLogit = new float[w];
        for (int y = 0; y < h; y++) {
            int offset = y * w;
            for (int c = 0; c < k; c++) {
                if (rows[c] == null) {
                    continue;
                }
                rows[c].row(y, 0, w, logits);
                byte label = (byte) (c + 1);
                for (int x = 0; x < w; x++) {
                    int p = offset + x;
                    if (logits[x] > 0f && (labels[p] == 0 || logits[x] > bestLogit[x])) {
                        labels[p] = label;
                        bestLogit[x] = logits[x];
                    }
                }
            }
        }
        List<String> names = embeddings.stream().map(ClassEmbedding::className).toList();
        LabelMap labelMap = new LabelMap(w, h, labels, names);
        List<ClassSegment> segments = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            BinaryMask mask = labelMap.mask(c + 1);
            long area = mask.area();
            double iou = results[c] == null ? Double.NaN : results[c].iouPrediction(chosen[c]);
            String message = messages[c];
            double score = 0;
            if (results[c] != null) {
                score = meanProbabilityInside(results[c].lowResLogits(chosen[c]), coarse.probability[c], valid);
                if (area == 0) {
                    message = "every pixel of the decoder's mask for '" + names.get(c) + "' went to another class with a stronger mask";
                    score = 0;
                }
            }
            segments.add(new ClassSegment(c + 1, names.get(c), mask, area, score, iou, points.get(c), message));
        }
        return new Outcome(labelMap, segments, decoderTimes, similarityTime, since(tp));
    }

    /** Coarse probability as SAM-style low-res logits: log-odds, clipped; padding strongly negative. */
    private float[] maskInput(float[] probability, boolean[] valid) {
        float limit = settings.maskInputLogitLimit();
        float[] logits = new float[probability.length];
        for (int i = 0; i < logits.length; i++) {
            if (!valid[i]) {
                logits[i] = -limit;
                continue;
            }
            double p = Math.min(Math.max(probability[i], 1e-7), 1 - 1e-7);
            logits[i] = (float) Math.max(-limit, Math.min(limit, Math.log(p / (1 - p))));
        }
        return logits;
    }

    /**
     * The decoder output (of its four) whose low-res mask has the highest IoU with the coarse region; ties go
     * to the decoder's own IoU estimate. −1 when none overlaps it.
     */
    private static int mostConsistentMask(DecoderResult result, boolean[] region, boolean[] valid) {
        int best = -1;
        double bestIou = 0;
        for (int i = 0; i < result.candidateCount(); i++) {
            float[] logits = result.lowResLogits(i);
            long inter = 0;
            long union = 0;
            for (int c = 0; c < logits.length; c++) {
                if (!valid[c]) {
                    continue;
                }
                boolean m = logits[c] > 0f;
                if (m && region[c]) {
                    inter++;
                }
                if (m || region[c]) {
                    union++;
                }
            }
            double iou = union == 0 ? 0 : inter / (double) union;
            if (iou > bestIou || (iou == bestIou && iou > 0 && result.iouPrediction(i) > result.iouPrediction(best))) {
                bestIou = iou;
                best = i;
            }
        }
        return best;
    }

    private static double meanProbabilityInside(float[] lowResLogits, float[] probability, boolean[] valid) {
        double sum = 0;
        long n = 0;
        for (int c = 0; c < lowResLogits.length; c++) {
            if (valid[c] && lowResLogits[c] > 0f) {
                sum += probability[c];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private String emptyCoarseMessage(ClassEmbedding e, float bestCosine) {
        if (!e.understood()) {
            return e.problem();
        }
        if (bestCosine < settings.backgroundSimilarity()) {
            return String.format(java.util.Locale.ROOT,
                    "nothing in the image is similar enough to '%s': the best patch similarity is %.2f, below the background"
                            + " threshold %.2f", e.className(), bestCosine, settings.backgroundSimilarity());
        }
        return "'" + e.className() + "' is similar to some patches but another class is more similar everywhere";
    }

    /** Highest cosine per class over the grid cells that lie on the image (−∞ for left-out classes). */
    private static float[] bestCosines(float[][] cosines, DenseFeatures features) {
        ResizeGeometry g = features.geometry();
        int gh = features.gridHeight();
        int gw = features.gridWidth();
        float[] best = new float[cosines.length];
        for (int k = 0; k < cosines.length; k++) {
            best[k] = Float.NEGATIVE_INFINITY;
            if (cosines[k] == null) {
                continue;
            }
            for (int y = 0; y < gh; y++) {
                if ((y + 0.5f) * g.inputSize() / gh >= g.resizedHeight()) {
                    break;
                }
                for (int x = 0; x < gw; x++) {
                    if ((x + 0.5f) * g.inputSize() / gw >= g.resizedWidth()) {
                        break;
                    }
                    best[k] = Math.max(best[k], cosines[k][y * gw + x]);
                }
            }
        }
        return best;
    }

    private void checkEmbedding(RgbImage image, ImageEmbedding e) {
        if (!pack.id().equals(e.packId())) {
            throw new IllegalArgumentException("the image embedding comes from pack " + e.packId() + " but this segmenter uses pack "
                    + pack.id() + "; embeddings never mix across packs");
        }
        ResizeGeometry g = e.geometry();
        if (g.originalWidth() != image.sourceWidth() || g.originalHeight() != image.sourceHeight()) {
            throw new IllegalArgumentException("the image embedding is for a " + g.originalWidth() + "×" + g.originalHeight()
                    + " image but the image is " + image.sourceWidth() + "×" + image.sourceHeight());
        }
    }

    private static void checkDenseGeometry(RgbImage image, DenseFeatures f) {
        ResizeGeometry g = f.geometry();
        if (g.originalWidth() != image.sourceWidth() || g.originalHeight() != image.sourceHeight()) {
            throw new IllegalStateException("the dense encoder reported geometry for " + g.originalWidth() + "×" + g.originalHeight()
                    + " but was given a " + image.sourceWidth() + "×" + image.sourceHeight() + " image");
        }
    }

    private static float[] filled(float v) {
        float[] a = new float[GridResampler.LOW_RES * GridResampler.LOW_RES];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
