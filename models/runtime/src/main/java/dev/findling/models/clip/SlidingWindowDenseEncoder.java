package dev.findling.models.clip;

import ai.onnxruntime.OrtSession;
import dev.findling.models.geometry.ImageResampler;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.PackException;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.pack.PreprocessingRules;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ModelExecutionException;
import dev.findling.models.sam.SamPreprocessor;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The {@code dense-clip} dialect: a CLIP ViT with a dense head (typically derived by Findling, see
 * {@link dev.findling.models.pack.DerivedHeads}) run over sliding windows ({@link DenseWindows}) of a frame whose
 * longer side is {@code frameSide}. The result is one grid over the whole square frame, so it maps back to
 * original pixels through the same {@link ResizeGeometry} as a SAM embedding; cells past the image's edge that no
 * window reached repeat the nearest covered cell, so bilinear upsampling never blends in zeros. Thread-safe.
 */
final class SlidingWindowDenseEncoder implements DenseEncoder {
    private final BoundSession session;
    private final String imageInput;
    private final int window;
    private final int gridSide;
    private final int patch;
    private final int stride;
    private final int dimension;
    private final DenseWindows windows;
    private final SamPreprocessor framePreprocessor;

    SlidingWindowDenseEncoder(BoundSession session, DenseWindows windows) {
        this.session = session;
        this.windows = windows;
        this.imageInput = PreprocessingRules.imageInput(session.entry().role(), session.entry().dialect()).orElseThrow();
        Preprocessing p = session.entry().preprocessing();
        this.window = p.inputSize();
        this.dimension = ClipDialects.dimension(session, "dense_features", 1, null);
        this.gridSide = session.staticOutputDim("dense_features", 2).map(Long::intValue)
                .orElseThrow(() -> new PackException(session.file() + ": dense_features must fix its grid size (the "
                        + "patches per window side); a derived dense-clip head does"));
        if (gridSide <= 0 || window % gridSide != 0) {
            throw new PackException(session.file() + ": a " + window + "-pixel window does not split into " + gridSide
                    + " patches per side");
        }
        this.patch = window / gridSide;
        this.stride = windows.strideFor(window, patch);
        if (windows.frameSide() % patch != 0 || windows.frameSide() < window || stride % patch != 0 || stride > window) {
            throw new PackException(session.file() + ": sliding windows need a frame side (" + windows.frameSide()
                    + ") of at least one window (" + window + ") and a stride (" + stride + ") of at most one window, both "
                    + "multiples of the " + patch + "-pixel patch");
        }
        this.framePreprocessor = new SamPreprocessor(new Preprocessing(windows.frameSide(), Preprocessing.LONGEST_SIDE_PAD,
                p.valueScale(), p.pixelMean(), p.pixelStd(), false), ImageResampler.Filter.BICUBIC);
    }

    @Override
    public String dialect() {
        return session.entry().dialect();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int runsFor(int width, int height) {
        return plan(width, height).length;
    }

    /** Window origins {x, y} in frame pixels for an image of this size, in the order they run. */
    public int[][] plan(int width, int height) {
        ResizeGeometry g = ResizeGeometry.of(height, width, windows.frameSide());
        int[] xs = DenseWindows.origins(g.resizedWidth(), window, patch, stride);
        int[] ys = DenseWindows.origins(g.resizedHeight(), window, patch, stride);
        int[][] plan = new int[xs.length * ys.length][];
        int i = 0;
        for (int y : ys) {
            for (int x : xs) {
                plan[i++] = new int[]{x, y};
            }
        }
        return plan;
    }

    @Override
    public DenseFeatures encode(RgbImage image) {
        SamPreprocessor.Prepared frame = framePreprocessor.preprocess(image);
        ResizeGeometry g = frame.geometry();
        int side = windows.frameSide();
        int cells = side / patch;
        float[] sum = new float[dimension * cells * cells];
        int[] count = new int[cells * cells];
        FloatBuffer crop = SamPreprocessor.allocate(3 * window * window);
        for (int[] origin : plan(image.sourceWidth(), image.sourceHeight())) {
            copyWindow(frame.tensor(), side, origin[0], origin[1], crop);
            float[] f = run(crop);
            accumulate(f, origin[0] / patch, origin[1] / patch, cells, sum, count);
        }
        return new DenseFeatures(dimension, cells, cells, average(sum, count, cells), g);
    }

    private void copyWindow(FloatBuffer frame, int side, int x0, int y0, FloatBuffer crop) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < window; y++) {
                FloatBuffer src = frame.duplicate();
                src.position((c * side + y0 + y) * side + x0).limit((c * side + y0 + y) * side + x0 + window);
                FloatBuffer dst = crop.duplicate();
                dst.position((c * window + y) * window);
                dst.put(src);
            }
        }
    }

    private float[] run(FloatBuffer crop) {
        try (BoundSession.Inputs inputs = session.inputs()) {
            inputs.floats(imageInput, crop.duplicate().clear(), 1, 3, window, window);
            try (OrtSession.Result result = session.run(inputs, "dense_features")) {
                long[] shape = session.shape(result, "dense_features");
                if (!Arrays.equals(shape, new long[]{1, dimension, gridSide, gridSide})) {
                    throw new ModelExecutionException(session.file() + ": dense_features has shape " + Arrays.toString(shape)
                            + " but [1, " + dimension + ", " + gridSide + ", " + gridSide + "] was expected");
                }
                return session.floats(result, "dense_features");
            }
        }
    }

    private void accumulate(float[] f, int cx, int cy, int cells, float[] sum, int[] count) {
        int plane = cells * cells;
        for (int y = 0; y < gridSide; y++) {
            for (int x = 0; x < gridSide; x++) {
                int cell = (cy + y) * cells + cx + x;
                count[cell]++;
                int src = y * gridSide + x;
                for (int d = 0; d < dimension; d++) {
                    sum[d * plane + cell] += f[d * gridSide * gridSide + src];
                }
            }
        }
    }

    /** Mean per covered cell; an uncovered cell (past the image) takes its nearest covered cell's mean. */
    private float[] average(float[] sum, int[] count, int cells) {
        int plane = cells * cells;
        int coveredW = 0;
        int coveredH = 0;
        for (int cell = 0; cell < plane; cell++) {
            if (count[cell] > 0) {
                coveredW = Math.max(coveredW, cell % cells + 1);
                coveredH = Math.max(coveredH, cell / cells + 1);
            }
        }
        float[] out = new float[sum.length];
        for (int y = 0; y < cells; y++) {
            for (int x = 0; x < cells; x++) {
                int from = Math.min(y, coveredH - 1) * cells + Math.min(x, coveredW - 1);
                float n = count[from];
                for (int d = 0; d < dimension; d++) {
                    out[d * plane + y * cells + x] = sum[d * plane + from] / n;
                }
            }
        }
        return out;
    }
}
