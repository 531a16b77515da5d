package dev.findling.models.pack.importing;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;

import java.util.Map;
import java.util.Optional;

/**
 * CLIP towers in Hugging Face Optimum's layout ({@code CLIPTextModelWithProjection},
 * {@code CLIPVisionModelWithProjection}, as Xenova and {@code optimum-cli export onnx} publish them): the text
 * tower takes {@code input_ids} (int64 {@code [batch, sequence]}, optionally {@code attention_mask}) and gives
 * {@code text_embeds} {@code [batch, D]}; the vision tower takes {@code pixel_values} {@code [batch, 3, S, S]} and
 * gives {@code image_embeds} {@code [batch, D]}. Exports without the projection ({@code CLIPTextModel}) have no
 * {@code *_embeds} output and are not recognised: their vectors are not in the joint space.
 */
final class ClipRecogniser implements DialectRecogniser {
    private final boolean text;

    private ClipRecogniser(boolean text) {
        this.text = text;
    }

    static ClipRecogniser textTower() {
        return new ClipRecogniser(true);
    }

    static ClipRecogniser visionTower() {
        return new ClipRecogniser(false);
    }

    @Override
    public String role() {
        return text ? Dialects.TEXT_ENCODER : Dialects.IMAGE_EMBEDDER;
    }

    @Override
    public String dialect() {
        return "clip";
    }

    @Override
    public String expects() {
        return text
                ? "input_ids int64 [batch, sequence] (and optionally attention_mask) → text_embeds [batch, D]"
                : "pixel_values float [batch, 3, S, S] → image_embeds [batch, D]";
    }

    @Override
    public Optional<ModelEntry> recognise(GraphSignature graph) {
        String inputName = text ? "input_ids" : "pixel_values";
        String outputName = text ? "text_embeds" : "image_embeds";
        Optional<GraphSignature.Tensor> in = graph.input(inputName);
        Optional<GraphSignature.Tensor> out = graph.output(outputName);
        if (in.isEmpty() || out.isEmpty() || out.get().rank() != 2 || !out.get().isFloat()) {
            return Optional.empty();
        }
        boolean inputOk = text
                ? in.get().rank() == 2 && graph.inputs().stream().allMatch(t -> t.name().equals("input_ids")
                || t.name().equals("attention_mask"))
                : in.get().rank() == 4 && in.get().isFloat() && in.get().dimAllows(1, 3) && graph.inputs().size() == 1;
        Optional<Long> dimension = out.get().dim(1);
        if (!inputOk || dimension.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelEntry(role(), dialect(), graph.file(), null, Map.of(), Map.of(), null,
                Math.toIntExact(dimension.get())));
    }
}
