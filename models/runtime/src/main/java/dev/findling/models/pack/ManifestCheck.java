package dev.findling.models.pack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checks of a manifest that need no ONNX session: ids, roles, dialects, files, tokenizer. */
final class ManifestCheck {
    private ManifestCheck() {
    }

    /** How messages name an entry: its file, or its position when it has none. */
    static String label(ModelEntry e, int index) {
        return e.file() == null || e.file().isBlank() ? "model #" + (index + 1) : e.file();
    }

    /** Problems of the pack as a whole: id, required roles, duplicates. */
    static List<String> packProblems(PackManifest m) {
        List<String> problems = new ArrayList<>();
        if (m.id() == null || m.id().isBlank()) {
            problems.add(PackManifest.FILE_NAME + " has no 'id'; every pack needs a stable id");
        }
        if (m.models().isEmpty()) {
            problems.add(PackManifest.FILE_NAME + " lists no models");
            return problems;
        }
        Map<String, Integer> perRole = new HashMap<>();
        Map<String, Integer> perRoleDialect = new HashMap<>();
        for (ModelEntry e : m.models()) {
            if (e.role() != null) {
                perRole.merge(e.role(), 1, Integer::sum);
                perRoleDialect.merge(e.role() + " " + e.dialect(), 1, Integer::sum);
            }
        }
        if (!perRole.containsKey(Dialects.IMAGE_ENCODER)) {
            problems.add(PackManifest.FILE_NAME + " has no " + Dialects.IMAGE_ENCODER + "; every pack needs one");
        }
        if (!perRole.containsKey(Dialects.MASK_DECODER)) {
            problems.add(PackManifest.FILE_NAME + " has no " + Dialects.MASK_DECODER + "; every pack needs one");
        }
        for (String single : List.of(Dialects.IMAGE_ENCODER, Dialects.TEXT_ENCODER, Dialects.DENSE_ENCODER,
                Dialects.IMAGE_EMBEDDER)) {
            if (perRole.getOrDefault(single, 0) > 1) {
                problems.add(PackManifest.FILE_NAME + " has " + perRole.get(single) + " entries with role " + single
                        + " but a pack holds at most one");
            }
        }
        perRoleDialect.forEach((key, n) -> {
            if (n > 1 && key.startsWith(Dialects.MASK_DECODER + " ")) {
                problems.add(PackManifest.FILE_NAME + " has " + n + " mask decoders of dialect "
                        + key.substring(Dialects.MASK_DECODER.length() + 1) + "; at most one per dialect");
            }
        });
        if (perRole.containsKey(Dialects.TEXT_ENCODER) && m.tokenizer() == null) {
            problems.add(PackManifest.FILE_NAME + " has a " + Dialects.TEXT_ENCODER
                    + " but no 'tokenizer'; the text encoder's ids come from the pack's own tokenizer");
        }
        return problems;
    }

    /** Problems of one entry that need no session: role, dialect, file. */
    static List<String> entryProblems(ModelEntry e, int index, Path packDir) {
        List<String> problems = new ArrayList<>();
        String label = label(e, index);
        Map<String, List<String>> roles = Dialects.roles();
        if (e.role() == null || !roles.containsKey(e.role())) {
            problems.add(label + ": unknown role '" + e.role() + "'; known roles: " + String.join(", ", Dialects.ROLE_ORDER));
        } else if (e.dialect() == null || Dialects.contract(e.role(), e.dialect()).isEmpty()) {
            problems.add(label + ": unknown " + e.role() + " dialect '" + e.dialect() + "'; known: "
                    + String.join(", ", roles.get(e.role())));
        }
        if (e.file() == null || e.file().isBlank()) {
            problems.add(label + ": has no 'file'");
        } else {
            Optional<Path> file = resolveInside(packDir, e.file());
            if (file.isEmpty()) {
                problems.add(label + ": file must be a relative path inside the pack folder");
            } else if (!Files.isRegularFile(file.get())) {
                problems.add(label + ": file not found (" + file.get() + ")");
            }
        }
        if (e.sha256() != null && !Checksums.isSha256Hex(e.sha256())) {
            problems.add(label + ": sha256 '" + e.sha256() + "' is not 64 hex digits");
        }
        return problems;
    }

    /** Resolves the tokenizer's files; problems for an unknown type or missing files. */
    static Optional<TokenizerFiles> tokenizer(PackManifest m, Path packDir, List<String> problems) {
        TokenizerSpec spec = m.tokenizer();
        if (spec == null) {
            return Optional.empty();
        }
        int before = problems.size();
        Path file = null;
        Path vocab = null;
        Path merges = null;
        switch (spec.type() == null ? "" : spec.type()) {
            case TokenizerSpec.CLIP_BPE, TokenizerSpec.HF_TOKENIZER_JSON ->
                    file = tokenizerFile(packDir, "file", spec.file(), spec.type(), problems);
            case TokenizerSpec.HF_VOCAB_MERGES -> {
                vocab = tokenizerFile(packDir, "vocab", spec.vocab(), spec.type(), problems);
                merges = tokenizerFile(packDir, "merges", spec.merges(), spec.type(), problems);
            }
            default -> problems.add("tokenizer: unknown type '" + spec.type() + "'; known: "
                    + String.join(", ", TokenizerSpec.CLIP_BPE, TokenizerSpec.HF_TOKENIZER_JSON, TokenizerSpec.HF_VOCAB_MERGES));
        }
        return problems.size() == before ? Optional.of(new TokenizerFiles(spec.type(), file, vocab, merges)) : Optional.empty();
    }

    private static Path tokenizerFile(Path packDir, String field, String relative, String type, List<String> problems) {
        if (relative == null || relative.isBlank()) {
            problems.add("tokenizer: type " + type + " needs '" + field + "'");
            return null;
        }
        Optional<Path> p = resolveInside(packDir, relative);
        if (p.isEmpty()) {
            problems.add("tokenizer: " + field + " must be a relative path inside the pack folder but is '" + relative + "'");
            return null;
        }
        if (!Files.isRegularFile(p.get())) {
            problems.add("tokenizer: " + field + " not found (" + p.get() + ")");
            return null;
        }
        return p.get();
    }

    /** {@code relative} resolved against the pack folder, empty when it is absolute or climbs out of it. */
    static Optional<Path> resolveInside(Path packDir, String relative) {
        Path root = packDir.toAbsolutePath().normalize();
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (rel.isAbsolute()) {
            return Optional.empty();
        }
        Path resolved = root.resolve(rel).normalize();
        return resolved.startsWith(root) ? Optional.of(resolved) : Optional.empty();
    }
}
