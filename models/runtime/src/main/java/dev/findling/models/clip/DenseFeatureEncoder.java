package dev.findling.models.clip;

import ai.onnxruntime.OrtSession;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.PreprocessingRules;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ModelExecutionException;
import dev.findling.models.geometry.ImageResampler;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.sam.SamPreprocessor;

import java.util.Arrays;

/**
 * The {@code samclip} dense encoder (the CLIP-aligned second output of a merged SAM-CLIP backbone, SAM
 * preprocessing, bilinear): the image is letterboxed (longest side, zero padding after normalisation) so
 * that the feature grid covers the whole image and maps back to pixels through the same
 * {@link dev.findling.models.geometry.ResizeGeometry} as a SAM embedding. Output {@code dense_features}
 * [1, D, h, w]. ({@code dense-clip} heads run at a fixed window: {@link SlidingWindowDenseEncoder}.) Thread-safe.
 */
final class DenseFeatureEncoder implements DenseEncoder {
    private final BoundSession session;
    private final SamPreprocessor preprocessor;
    private final int dimension;
    private final String imageInput;

    DenseFeatureEncoder(BoundSession session, ImageResampler.Filter filter) {
        this.session = session;
        this.imageInput = PreprocessingRules.imageInput(session.entry().role(), session.entry().dialect()).orElseThrow();
        this.preprocessor = new SamPreprocessor(session.entry().preprocessing(), filter);
        this.dimension = ClipDialects.dimension(session, "dense_features", 1, null);
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
    public DenseFeatures encode(RgbImage image) {
        SamPreprocessor.Prepared prepared = preprocessor.preprocess(image);
        try (BoundSession.Inputs inputs = session.inputs()) {
            inputs.floats(imageInput, prepared.tensor(), prepared.shape());
            try (OrtSession.Result result = session.run(inputs, "dense_features")) {
                return read(session, result, dimension, prepared.geometry());
            }
        }
    }

    /** The {@code dense_features} of a run of {@code session} (also a merged backbone's shared run). */
    static DenseFeatures read(BoundSession session, OrtSession.Result result, int dimension, ResizeGeometry geometry) {
        long[] shape = session.shape(result, "dense_features");
        if (shape.length != 4 || shape[0] != 1 || shape[1] != dimension) {
            throw new ModelExecutionException(session.file() + ": dense_features has shape " + Arrays.toString(shape)
                    + " but [1, " + dimension + ", h, w] was expected");
        }
        return new DenseFeatures(dimension, (int) shape[2], (int) shape[3], session.floats(result, "dense_features"), geometry);
    }
}
