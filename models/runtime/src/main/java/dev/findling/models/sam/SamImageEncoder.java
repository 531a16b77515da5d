package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

import ai.onnxruntime.OrtSession;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ModelExecutionException;

import java.nio.FloatBuffer;

/**
 * The image encoder of the {@code sam}, {@code edgesam} and {@code efficientvit-sam} dialects. The
 * three differ only in data that the pack loader has already resolved — the input tensor's name
 * and the preprocessing (SAM: 1024 px, statistics on 0–255; EfficientViT-SAM: 512 or 1024 px,
 * the same statistics on 0–1 values) — so one class serves them; the decoders, which differ in
 * behaviour, have one class each. Thread-safe.
 */
final class SamImageEncoder implements ImageEncoder {
    private static final int SPARE_BUFFERS = 2;

    private final String packId;
    private final BoundSession session;
    private final SamPreprocessor preprocessor;
    private final InputBufferPool buffers = new InputBufferPool(SPARE_BUFFERS);

    SamImageEncoder(String packId, BoundSession session) {
        this.packId = packId;
        this.session = session;
        Preprocessing p = session.entry().preprocessing();
        if (p == null) {
            throw new IllegalStateException(session.file() + ": an image encoder needs resolved preprocessing");
        }
        this.preprocessor = new SamPreprocessor(p);
    }

    @Override
    public String dialect() {
        return session.entry().dialect();
    }

    @Override
    public int inputSize() {
        return preprocessor.inputSize();
    }

    SamPreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public ImageEmbedding encode(RgbImage image) {
        ResizeGeometry geometry = preprocessor.geometry(image);
        int length = preprocessor.tensorLength(image);
        FloatBuffer buffer = buffers.borrow(length);
        try {
            SamPreprocessor.Prepared prepared = preprocessor.preprocess(image, buffer);
            try (BoundSession.Inputs inputs = session.inputs()) {
                inputs.floats("image", prepared.tensor(), prepared.shape());
                try (OrtSession.Result result = session.run(inputs, "image_embeddings")) {
                    long[] shape = session.shape(result, "image_embeddings");
                    if (shape.length != 4 || shape[0] != 1) {
                        throw new ModelExecutionException(session.file() + ": image_embeddings has shape "
                                + java.util.Arrays.toString(shape) + " but [1, C, h, w] was expected");
                    }
                    float[] features = session.floats(result, "image_embeddings");
                    return new ImageEmbedding(packId, (int) shape[1], (int) shape[2], (int) shape[3], features, geometry);
                }
            }
        } finally {
            buffers.giveBack(buffer);
        }
    }

}
