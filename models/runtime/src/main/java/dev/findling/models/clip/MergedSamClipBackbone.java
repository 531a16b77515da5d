package dev.findling.models.clip;

import ai.onnxruntime.OrtSession;
import dev.findling.models.image.RgbImage;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ModelExecutionException;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.InputBufferPool;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.sam.SamPreprocessor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * {@link SamClipBackbone} over the two manifest entries of one file: the image encoder's entry names
 * the input and {@code image_embeddings}, the dense encoder's entry names {@code dense_features}. The
 * pack loader has checked that both entries feed the same input with the same preprocessing, so the one
 * prepared tensor is what each entry alone would have fed, and each head's output is exactly what the
 * entry's own wrapper returns. Thread-safe.
 */
final class MergedSamClipBackbone implements SamClipBackbone {
    private static final int SPARE_BUFFERS = 2;

    private final String packId;
    private final BoundSession sam;
    private final BoundSession dense;
    private final SamPreprocessor preprocessor;
    private final int dimension;
    private final InputBufferPool buffers = new InputBufferPool(SPARE_BUFFERS);

    MergedSamClipBackbone(String packId, BoundSession sam, BoundSession dense) {
        if (sam.session() != dense.session()) {
            throw new IllegalArgumentException(sam.file() + " and " + dense.file() + " are separate sessions, not one backbone");
        }
        this.packId = packId;
        this.sam = sam;
        this.dense = dense;
        // SAM's bilinear resampling: the samclip dialect's, and the loader has checked the two entries agree.
        this.preprocessor = new SamPreprocessor(sam.entry().preprocessing());
        this.dimension = ClipDialects.dimension(dense, "dense_features", 1, null);
    }

    @Override
    public String dialect() {
        return sam.entry().dialect() + "+" + dense.entry().dialect();
    }

    @Override
    public int inputSize() {
        return preprocessor.inputSize();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Encoding encode(RgbImage image) {
        ResizeGeometry geometry = preprocessor.geometry(image);
        FloatBuffer buffer = buffers.borrow(preprocessor.tensorLength(image));
        try {
            SamPreprocessor.Prepared prepared = preprocessor.preprocess(image, buffer);
            try (BoundSession.Inputs inputs = sam.inputs()) {
                inputs.floats("image", prepared.tensor(), prepared.shape());
                try (OrtSession.Result result = sam.run(inputs,
                        List.of(sam.output("image_embeddings"), dense.output("dense_features")))) {
                    return new Encoding(embedding(result, geometry),
                            DenseFeatureEncoder.read(dense, result, dimension, geometry));
                }
            }
        } finally {
            buffers.giveBack(buffer);
        }
    }

    private ImageEmbedding embedding(OrtSession.Result result, ResizeGeometry geometry) {
        long[] shape = sam.shape(result, "image_embeddings");
        if (shape.length != 4 || shape[0] != 1) {
            throw new ModelExecutionException(sam.file() + ": image_embeddings has shape " + Arrays.toString(shape)
                    + " but [1, C, h, w] was expected");
        }
        return new ImageEmbedding(packId, (int) shape[1], (int) shape[2], (int) shape[3],
                sam.floats(result, "image_embeddings"), geometry);
    }

    @Override
    public String toString() {
        return "SamClipBackbone[" + sam.file() + ", " + dialect() + "]";
    }
}
