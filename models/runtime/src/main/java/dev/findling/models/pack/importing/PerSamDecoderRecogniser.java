package dev.findling.models.pack.importing;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Personalize-SAM's decoder: the six {@code sam-onnx} inputs plus {@code attn_sim} {@code [1, 1, 1, 4096]} and
 * {@code target_embedding} {@code [1, 1, 256]}, with the same three outputs and four masks per run.
 */
final class PerSamDecoderRecogniser implements DialectRecogniser {
    private static final List<String> INPUTS;

    static {
        List<String> all = new ArrayList<>(SamDecoderRecogniser.INPUTS);
        all.add("attn_sim");
        all.add("target_embedding");
        INPUTS = List.copyOf(all);
    }

    @Override
    public String role() {
        return Dialects.MASK_DECODER;
    }

    @Override
    public String dialect() {
        return "persam";
    }

    @Override
    public String expects() {
        return "inputs " + INPUTS + " → " + SamDecoderRecogniser.OUTPUTS + " with 4 masks per run";
    }

    @Override
    public Optional<ModelEntry> recognise(GraphSignature graph) {
        boolean matches = graph.hasExactlyInputs(INPUTS) && graph.hasOutputs(SamDecoderRecogniser.OUTPUTS)
                && graph.input("attn_sim").orElseThrow().rank() == 4
                && graph.input("target_embedding").orElseThrow().rank() == 3
                && SamDecoderRecogniser.masksPerRun(graph) == 4;
        return matches
                ? Optional.of(new ModelEntry(role(), dialect(), graph.file(), null, Map.of(), Map.of(), null, null))
                : Optional.empty();
    }
}
