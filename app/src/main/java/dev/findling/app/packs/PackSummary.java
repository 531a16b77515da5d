package dev.findling.app.packs;

import dev.findling.models.ModelPack;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.TokenizerFiles;
import io.swagger.v3.oas.annotations.media.Schema;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the UI and {@code GET /api/packs/active} show about the open pack.
 *
 * @param id                stable pack id; embeddings and index vectors are keyed by it
 * @param name              human-readable name
 * @param label             the pack's label, e.g. "reference (classical, not learned)"
 * @param displayLabel      name and label as shown wherever the pack is named
 * @param reference         true for the generated reference pack, whose features are classical, not learned
 * @param kind              {@code reference} or {@code learned}
 * @param description       where the weights come from
 * @param directory         the pack folder
 * @param executionProvider the ONNX Runtime execution provider actually in use (CPU or CUDA)
 * @param roles             one entry per ONNX graph
 * @param tokenizer         the text encoder's tokenizer; null when the pack has none
 */
@Schema(name = "Pack", description = "The model pack the server runs on.")
public record PackSummary(String id, String name, String label, String displayLabel, boolean reference, String kind,
                          String description, String directory, String executionProvider, List<Role> roles,
                          Tokenizer tokenizer) {

    /**
     * @param role      image-encoder, mask-decoder, text-encoder, dense-encoder or image-embedder
     * @param dialect   the graph's IO dialect within the role (sam, sam-onnx, persam, clip, …)
     * @param file      ONNX file, relative to the pack folder
     * @param dimension embedding length for text, dense and global embedders; null otherwise
     */
    @Schema(name = "PackRole")
    public record Role(String role, String dialect, String file, Integer dimension) {
    }

    /**
     * @param type  clip-bpe, hf-tokenizer-json or hf-vocab-merges
     * @param files the tokenizer's files, relative to the pack folder where they lie inside it
     */
    @Schema(name = "PackTokenizer")
    public record Tokenizer(String type, List<String> files) {
    }

    public static PackSummary of(ModelPack pack) {
        PackManifest manifest = pack.manifest();
        List<Role> roles = pack.entries().stream().map(PackSummary::role).toList();
        Tokenizer tokenizer = pack.tokenizer().map(t -> tokenizer(pack.directory(), t)).orElse(null);
        return new PackSummary(pack.id(), manifest.name(), manifest.label(), pack.displayLabel(), pack.isReference(),
                manifest.kind(), manifest.description(), pack.directory().toString(),
                String.valueOf(pack.executionProvider()), roles, tokenizer);
    }

    private static Role role(ModelEntry entry) {
        return new Role(entry.role(), entry.dialect(), entry.file(), entry.dimension());
    }

    private static Tokenizer tokenizer(Path packDir, TokenizerFiles files) {
        List<String> names = Stream.of(files.file(), files.vocab(), files.merges())
                .filter(Objects::nonNull)
                .map(p -> p.startsWith(packDir) ? packDir.relativize(p).toString() : p.toString())
                .toList();
        return new Tokenizer(files.type(), names);
    }
}
