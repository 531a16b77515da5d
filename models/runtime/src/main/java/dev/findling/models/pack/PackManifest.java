package dev.findling.models.pack;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The contents of a pack folder's {@code pack.json}.
 *
 * @param format      manifest format version (currently {@value #CURRENT_FORMAT})
 * @param id          stable pack id; embeddings and index vectors are keyed by it and never mixed across ids
 * @param name        human-readable name
 * @param kind        {@code reference} for the generated classical pack, {@code learned} for real exports
 * @param label       what the UI shows next to the name, e.g. "reference (classical, not learned)"
 * @param description one paragraph on where the weights come from
 * @param tokenizer   the tokenizer files for the text encoder; null when the pack has no text encoder
 * @param models      one entry per ONNX graph; a role may appear more than once with different dialects
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackManifest(int format, String id, String name, String kind, String label, String description,
                           TokenizerSpec tokenizer, List<ModelEntry> models) {
    public static final int CURRENT_FORMAT = 1;
    public static final String FILE_NAME = "pack.json";
    public static final String KIND_REFERENCE = "reference";
    public static final String KIND_LEARNED = "learned";

    public PackManifest {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public boolean isReference() {
        return KIND_REFERENCE.equals(kind);
    }
}
