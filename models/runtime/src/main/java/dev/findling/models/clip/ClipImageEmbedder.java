package dev.findling.models.clip;

import ai.onnxruntime.OrtSession;
import dev.findling.models.image.RgbImage;
import dev.findling.models.runtime.BoundSession;

/**
 * The {@code clip} image tower: CLIP preprocessing ({@link ClipImagePreprocessor}) →
 * {@code pixel_values} [1, 3, S, S] → {@code image_embeds} [1, D]. Thread-safe.
 */
final class ClipImageEmbedder implements ImageEmbedder {
    private final BoundSession session;
    private final ClipImagePreprocessor preprocessor;
    private final int dimension;

    ClipImageEmbedder(String packId, BoundSession session) {
        this.session = session;
        this.preprocessor = new ClipImagePreprocessor(session.entry().preprocessing());
        this.dimension = ClipDialects.dimension(session, "image_embeds", 1, null);
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
    public float[] embed(RgbImage image) {
        try (BoundSession.Inputs inputs = session.inputs()) {
            inputs.floats("pixel_values", preprocessor.preprocess(image), preprocessor.shape());
            try (OrtSession.Result result = session.run(inputs, "image_embeds")) {
                return session.floats(result, "image_embeds");
            }
        }
    }
}
