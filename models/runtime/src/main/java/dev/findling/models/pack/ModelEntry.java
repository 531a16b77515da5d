package dev.findling.models.pack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One ONNX graph of a pack.
 *
 * @param role          {@code image-encoder}, {@code mask-decoder}, {@code text-encoder}, {@code dense-encoder}
 *                      or {@code image-embedder}
 * @param dialect       the IO dialect within the role (see {@link Dialects})
 * @param file          ONNX file, relative to the pack folder
 * @param sha256        optional pinned SHA-256 of the file (lower-case hex); checked at load when present
 * @param inputs        logical tensor name (fixed by the dialect) → the export's actual input name;
 *                      a logical name not listed maps to itself
 * @param outputs       logical tensor name → the export's actual output name, likewise
 * @param preprocessing how images are prepared for this graph; null for graphs without image input
 * @param dimension     embedding length for text/dense/global embedders (null otherwise)
 * @param derive        for a {@code dense-encoder} of dialect {@code dense-clip} only: the formula of a dense head
 *                      Findling derives from {@code file}, a stock CLIP vision export with projection
 *                      ({@code pixel_values} → {@code image_embeds}; {@code inputs}/{@code outputs} map those names).
 *                      The derived graph is written once beside the pack, keyed by the source's SHA-256
 *                      ({@link DerivedHeads}); null for an entry whose file is used as it is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEntry(String role, String dialect, String file, String sha256,
                         Map<String, String> inputs, Map<String, String> outputs,
                         Preprocessing preprocessing, Integer dimension, String derive) {
    public ModelEntry {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    /** An entry whose file is used as it is. */
    public ModelEntry(String role, String dialect, String file, String sha256, Map<String, String> inputs,
                      Map<String, String> outputs, Preprocessing preprocessing, Integer dimension) {
        this(role, dialect, file, sha256, inputs, outputs, preprocessing, dimension, null);
    }

    /** True when Findling derives this entry's graph from {@code file} rather than running the file itself. */
    @JsonIgnore
    public boolean isDerived() {
        return derive != null;
    }

    /** The export's name for a logical input tensor. */
    public String inputName(String logical) {
        return inputs.getOrDefault(logical, logical);
    }

    /** The export's name for a logical output tensor. */
    public String outputName(String logical) {
        return outputs.getOrDefault(logical, logical);
    }
}
