package dev.findling.models.pack;

import ai.onnxruntime.TensorInfo;

import java.util.List;
import java.util.Optional;

/**
 * Which preprocessing each image-taking (role, dialect) uses when the manifest does not say, and
 * which manifest values are acceptable. A graph that declares a fixed input size wins over the
 * dialect's default size, and a manifest size that contradicts the graph is an error.
 */
public final class PreprocessingRules {
    private static final int SAM_INPUT_SIZE = 1024;
    private static final int CLIP_INPUT_SIZE = 224;
    private static final int MIN_INPUT_SIZE = 16;
    private static final int MAX_INPUT_SIZE = 4096;

    private PreprocessingRules() {
    }

    /** The logical name of the image input, empty for graphs that take no image. */
    public static Optional<String> imageInput(String role, String dialect) {
        return switch (role) {
            case Dialects.IMAGE_ENCODER -> Optional.of("image");
            case Dialects.DENSE_ENCODER -> Optional.of("dense-clip".equals(dialect) ? "pixel_values" : "image");
            case Dialects.IMAGE_EMBEDDER -> Optional.of("pixel_values");
            default -> Optional.empty();
        };
    }

    /**
     * The entry's preprocessing: the manifest's, or the dialect's default with the graph's fixed size.
     *
     * @param image    the session's declared image input (null when absent; the contract check reports that)
     * @param problems receives one sentence per problem
     * @return null when the entry takes no image or no preprocessing can be determined
     */
    public static Preprocessing resolve(ModelEntry e, TensorInfo image, List<String> problems) {
        if (imageInput(e.role(), e.dialect()).isEmpty()) {
            if (e.preprocessing() != null) {
                problems.add(e.file() + ": a " + e.role() + " takes no image, so 'preprocessing' does not apply");
            }
            return null;
        }
        Preprocessing p = e.preprocessing();
        boolean inGraphDialect = Dialects.SAM_PREPROCESS.equals(e.dialect());
        if (inGraphDialect && p != null && !p.normalizedInGraph()) {
            problems.add(e.file() + ": dialect " + Dialects.SAM_PREPROCESS + " normalises and pads inside the graph, "
                    + "so preprocessing.normalizedInGraph must be true (or leave 'preprocessing' out)");
            return null;
        }
        boolean hwc = inGraphDialect || (p != null && p.normalizedInGraph());
        Integer graphSize = image == null ? null : staticSize(image.getShape(), hwc);
        if (p == null) {
            p = dialectDefault(e, graphSize, problems);
            if (p == null) {
                return null;
            }
        }
        int before = problems.size();
        checkValues(e, p, problems);
        if (graphSize != null && graphSize != p.inputSize() && !hwc) {
            problems.add(e.file() + ": input '" + e.inputName(imageInput(e.role(), e.dialect()).orElseThrow())
                    + "' is fixed at " + graphSize + "×" + graphSize + " but preprocessing.inputSize is " + p.inputSize());
        }
        if (image != null) {
            checkChannels(e, image.getShape(), hwc, problems);
        }
        return problems.size() == before ? p : null;
    }

    private static Preprocessing dialectDefault(ModelEntry e, Integer graphSize, List<String> problems) {
        String key = e.role() + " " + e.dialect();
        return switch (key) {
            case Dialects.IMAGE_ENCODER + " sam", Dialects.IMAGE_ENCODER + " edgesam", Dialects.DENSE_ENCODER + " samclip" ->
                    Preprocessing.sam(graphSize != null ? graphSize : SAM_INPUT_SIZE);
            case Dialects.IMAGE_ENCODER + " " + Dialects.SAM_PREPROCESS -> samInGraph(SAM_INPUT_SIZE);
            case Dialects.IMAGE_ENCODER + " efficientvit-sam" -> {
                if (graphSize == null) {
                    problems.add(e.file() + ": efficientvit-sam needs \"preprocessing\": {\"inputSize\": …} "
                            + "(512 for L0–L2, 1024 for XL) because the graph does not fix its input size");
                    yield null;
                }
                yield Preprocessing.efficientVitSam(graphSize);
            }
            case Dialects.IMAGE_ENCODER + " efficientsam" -> Preprocessing.efficientSam();
            case Dialects.DENSE_ENCODER + " dense-clip" -> denseClip(graphSize != null ? graphSize : CLIP_INPUT_SIZE);
            case Dialects.IMAGE_EMBEDDER + " clip" -> Preprocessing.clip(graphSize != null ? graphSize : CLIP_INPUT_SIZE);
            default -> {
                problems.add(e.file() + ": no default preprocessing for " + key + "; give \"preprocessing\" in pack.json");
                yield null;
            }
        };
    }

    /** samexporter's {@code --use-preprocess} layout: SAM's resize in Java, its normalising and padding in the graph. */
    public static Preprocessing samInGraph(int inputSize) {
        return new Preprocessing(inputSize, Preprocessing.LONGEST_SIDE_PAD, 1f, Preprocessing.SAM_PIXEL_MEAN,
                Preprocessing.SAM_PIXEL_STD, true);
    }

    /**
     * Dense CLIP features must cover the whole image and map back to pixels like a SAM embedding, so
     * the image is letterboxed (longest side, zero padding after normalisation) rather than centre-cropped.
     */
    public static Preprocessing denseClip(int inputSize) {
        return new Preprocessing(inputSize, Preprocessing.LONGEST_SIDE_PAD, 255f, Preprocessing.CLIP_PIXEL_MEAN,
                Preprocessing.CLIP_PIXEL_STD, false);
    }

    private static void checkValues(ModelEntry e, Preprocessing p, List<String> problems) {
        String where = e.file() + ": preprocessing.";
        if (p.inputSize() < MIN_INPUT_SIZE || p.inputSize() > MAX_INPUT_SIZE) {
            problems.add(where + "inputSize must be between " + MIN_INPUT_SIZE + " and " + MAX_INPUT_SIZE
                    + " but is " + p.inputSize());
        }
        String expectedResize = expectedResize(e);
        if (!expectedResize.equals(p.resize())) {
            problems.add(where + "resize is '" + p.resize() + "' but a " + e.role() + " of dialect " + e.dialect()
                    + " needs '" + expectedResize + "'");
        }
        if (!(p.valueScale() > 0f)) {
            problems.add(where + "valueScale must be positive (1 for statistics on 0–255, 255 for 0–1) but is " + p.valueScale());
        }
        if (p.pixelMean() == null || p.pixelMean().length != 3) {
            problems.add(where + "pixelMean must hold 3 values (R,G,B)");
        }
        if (p.pixelStd() == null || p.pixelStd().length != 3) {
            problems.add(where + "pixelStd must hold 3 values (R,G,B)");
        } else {
            for (float s : p.pixelStd()) {
                if (!(s > 0f)) {
                    problems.add(where + "pixelStd values must be positive but one is " + s);
                    break;
                }
            }
        }
        if (p.normalizedInGraph() && !Dialects.IMAGE_ENCODER.equals(e.role())) {
            problems.add(where + "normalizedInGraph is supported for image encoders only");
        }
    }

    /** The one resize each (role, dialect) can take. */
    private static String expectedResize(ModelEntry e) {
        if (Dialects.IMAGE_EMBEDDER.equals(e.role())) {
            return Preprocessing.SHORTEST_SIDE_CENTER_CROP;
        }
        if (Dialects.IMAGE_ENCODER.equals(e.role()) && "efficientsam".equals(e.dialect())) {
            return Preprocessing.STRETCH_IN_GRAPH;
        }
        return Preprocessing.LONGEST_SIDE_PAD;
    }

    private static Integer staticSize(long[] shape, boolean hwc) {
        if (hwc || shape.length != 4) {
            return null;
        }
        long h = shape[2];
        long w = shape[3];
        return h > 0 && h == w ? (int) h : null;
    }

    private static void checkChannels(ModelEntry e, long[] shape, boolean hwc, List<String> problems) {
        if (!hwc && shape.length == 4 && shape[2] > 0 && shape[3] > 0 && shape[2] != shape[3]) {
            problems.add(e.file() + ": image input is fixed at " + shape[3] + "×" + shape[2]
                    + " but Findling feeds a square, padded frame");
        }
        int axis = hwc ? 2 : 1;
        if (shape.length > axis && shape[axis] > 0 && shape[axis] != 3) {
            problems.add(e.file() + ": image input declares " + shape[axis] + " channels at axis " + axis
                    + " but Findling feeds RGB (3)");
        }
    }
}
