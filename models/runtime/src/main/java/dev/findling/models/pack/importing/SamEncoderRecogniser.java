package dev.findling.models.pack.importing;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SAM-family image encoders, in two layouts that differ only in their one input: {@code sam} takes the normalised,
 * padded NCHW frame {@code [1, 3, S, S]} (segment-anything's and MobileSAM's plain exports); {@code sam-preprocess}
 * takes the resized RGB image as float HWC {@code [H, W, 3]} on 0–255 and normalises and pads inside the graph
 * (samexporter's {@code --use-preprocess}). Both give one 4-D float output, the image embeddings
 * {@code [1, 256, 64, 64]}.
 */
final class SamEncoderRecogniser implements DialectRecogniser {
    /** SAM's prompt encoder and mask decoder work on 256-channel embeddings (segment_anything/build_sam.py). */
    private static final long EMBEDDING_CHANNELS = 256;

    private final boolean preprocessInGraph;

    private SamEncoderRecogniser(boolean preprocessInGraph) {
        this.preprocessInGraph = preprocessInGraph;
    }

    static SamEncoderRecogniser plain() {
        return new SamEncoderRecogniser(false);
    }

    static SamEncoderRecogniser withPreprocessing() {
        return new SamEncoderRecogniser(true);
    }

    @Override
    public String role() {
        return Dialects.IMAGE_ENCODER;
    }

    @Override
    public String dialect() {
        return preprocessInGraph ? Dialects.SAM_PREPROCESS : "sam";
    }

    @Override
    public String expects() {
        return preprocessInGraph
                ? "one float input [H, W, 3] (RGB 0–255) → one float output [1, 256, 64, 64]"
                : "one float input [1, 3, S, S] → one float output [1, 256, 64, 64]";
    }

    @Override
    public Optional<ModelEntry> recognise(GraphSignature graph) {
        if (graph.inputs().size() != 1) {
            return Optional.empty();
        }
        GraphSignature.Tensor image = graph.inputs().get(0);
        boolean layout = preprocessInGraph
                ? image.rank() == 3 && image.dimAllows(2, 3)
                : image.rank() == 4 && image.dimAllows(0, 1) && image.dimAllows(1, 3)
                && (image.dim(2).isEmpty() || image.dim(2).equals(image.dim(3)));
        if (!image.isFloat() || !layout) {
            return Optional.empty();
        }
        List<GraphSignature.Tensor> embeddings = graph.outputs().stream()
                .filter(t -> t.isFloat() && t.rank() == 4 && t.dimAllows(1, EMBEDDING_CHANNELS))
                .toList();
        Optional<GraphSignature.Tensor> named = graph.output("image_embeddings");
        GraphSignature.Tensor out = named.filter(embeddings::contains)
                .orElse(embeddings.size() == 1 && graph.outputs().size() == 1 ? embeddings.get(0) : null);
        if (out == null) {
            return Optional.empty();
        }
        return Optional.of(new ModelEntry(role(), dialect(), graph.file(), null, Map.of("image", image.name()),
                Map.of("image_embeddings", out.name()), null, null));
    }
}
