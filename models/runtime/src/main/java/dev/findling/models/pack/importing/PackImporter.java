package dev.findling.models.pack.importing;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.pack.Checksums;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.PackVerifier;
import dev.findling.models.pack.TokenizerSpec;
import dev.findling.models.pack.VerificationReport;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.runtime.SessionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code models import DIR}: turns a folder of ONNX exports into a pack. Every {@code .onnx} file is opened once
 * on the CPU and its role and dialect recognised from its tensor signature ({@link DialectRecognisers}); a CLIP
 * text encoder takes its tokenizer from the folder. The manifest pins each file's SHA-256, is verified exactly as
 * {@code models verify} would verify it, and only then written ({@code pack.json}, atomically): a folder never
 * holds a manifest that fails, and a failed import leaves the folder as it was.
 */
public final class PackImporter {
    /** OpenAI's vocabulary file, the one the {@code clip-bpe} tokenizer reads (openai/CLIP clip/simple_tokenizer.py). */
    static final String CLIP_BPE_FILE = "bpe_simple_vocab_16e6.txt.gz";
    static final String HF_TOKENIZER_JSON = "tokenizer.json";
    static final String HF_VOCAB = "vocab.json";
    static final String HF_MERGES = "merges.txt";
    private static final String LABEL = "imported (learned)";
    private static final int ID_HASH_HEX = 10;

    /**
     * @param id      the pack id, or null for {@code <folder name>-<hash of the pinned files>}
     * @param name    the display name, or null for the folder name
     * @param replace whether an existing {@code pack.json} may be replaced
     */
    public record Options(String id, String name, boolean replace) {
        public static Options defaults() {
            return new Options(null, null, false);
        }
    }

    /**
     * What an import found and did.
     *
     * @param directory    the folder
     * @param manifest     the manifest built (null when the folder's graphs could not be turned into one)
     * @param problems     why nothing was written (empty on success); each names the file and what was expected
     * @param verification the verification of {@code manifest} (null when none was built)
     * @param written      whether {@code pack.json} was written
     */
    public record Report(Path directory, PackManifest manifest, List<String> problems, VerificationReport verification,
                         boolean written) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return written;
        }

        /** Plain text for the CLI. */
        public String toText() {
            StringBuilder b = new StringBuilder();
            if (manifest != null) {
                b.append("recognised in ").append(directory).append(":\n");
                for (ModelEntry e : manifest.models()) {
                    b.append("  ").append(e.role()).append(" / ").append(e.dialect()).append("  ").append(e.file())
                            .append("  sha256 ").append(e.sha256()).append('\n');
                }
                if (manifest.tokenizer() != null) {
                    TokenizerSpec t = manifest.tokenizer();
                    b.append("  tokenizer / ").append(t.type()).append("  ")
                            .append(t.file() != null ? t.file() : t.vocab() + " + " + t.merges()).append('\n');
                }
            }
            for (String p : problems) {
                b.append("PROBLEM ").append(p).append('\n');
            }
            if (verification != null) {
                b.append(verification.toText());
            }
            b.append(written ? "Wrote " + directory.resolve(PackManifest.FILE_NAME) + " (pack " + manifest.id() + ")"
                    : "Nothing written").append('\n');
            return b.toString();
        }
    }

    private PackImporter() {
    }

    public static Report importFolder(Path directory, Options options) {
        Path dir = directory.toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return failed(dir, List.of(dir + " is not a folder"));
        }
        Path manifestFile = dir.resolve(PackManifest.FILE_NAME);
        if (Files.exists(manifestFile) && !options.replace()) {
            return failed(dir, List.of(dir + " already holds a " + PackManifest.FILE_NAME
                    + "; check it with 'models verify', or import again with --replace to recognise the graphs afresh"));
        }
        List<Path> graphs = onnxFiles(dir);
        if (graphs.isEmpty()) {
            return failed(dir, List.of(dir + " holds no .onnx file"));
        }

        List<ModelEntry> entries = new ArrayList<>();
        SessionFactory sessions = SessionFactory.create(ExecutionSettings.defaults());
        for (Path file : graphs) {
            String name = dir.relativize(file).toString();
            try (OrtSession session = sessions.open(file)) {
                GraphSignature signature = GraphSignature.of(name, session);
                Optional<ModelEntry> entry = DialectRecognisers.recognise(signature);
                if (entry.isPresent()) {
                    entries.add(pinned(entry.get(), Checksums.sha256(file)));
                } else {
                    problems.add(DialectRecognisers.unrecognised(signature));
                }
            } catch (OrtException | RuntimeException e) {
                problems.add(name + ": ONNX Runtime cannot open it (" + e.getMessage() + ")");
            } catch (IOException e) {
                problems.add(name + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        entries.sort(Comparator.comparingInt((ModelEntry e) -> roleOrder(e.role())).thenComparing(ModelEntry::file));
        TokenizerSpec tokenizer = null;
        if (entries.stream().anyMatch(e -> Dialects.TEXT_ENCODER.equals(e.role()))) {
            tokenizer = tokenizerIn(dir).orElse(null);
            if (tokenizer == null) {
                problems.add("the CLIP text encoder needs its tokenizer in " + dir + ": OpenAI's " + CLIP_BPE_FILE
                        + ", a Hugging Face " + HF_TOKENIZER_JSON + ", or " + HF_VOCAB + " with " + HF_MERGES);
            }
        }
        if (!problems.isEmpty()) {
            return failed(dir, problems);
        }

        String id = options.id() != null ? options.id() : defaultId(dir, entries);
        String name = options.name() != null ? options.name() : String.valueOf(dir.getFileName());
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT, id, name, PackManifest.KIND_LEARNED, LABEL,
                "Imported from " + dir.getFileName() + " by 'findling models import': roles and dialects recognised from"
                        + " the graphs' tensor signatures, every file pinned by SHA-256.",
                tokenizer, entries);
        VerificationReport verification = PackVerifier.verify(dir, manifest);
        if (!verification.ok()) {
            return new Report(dir, manifest, List.of("the recognised pack does not verify, so "
                    + PackManifest.FILE_NAME + " was not written"), verification, false);
        }
        write(manifestFile, ManifestReader.toJson(manifest));
        return new Report(dir, manifest, List.of(), verification, true);
    }

    private static Report failed(Path dir, List<String> problems) {
        return new Report(dir, null, problems, null, false);
    }

    private static List<Path> onnxFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ModelEntry pinned(ModelEntry e, String sha256) {
        return new ModelEntry(e.role(), e.dialect(), e.file(), sha256, e.inputs(), e.outputs(), e.preprocessing(),
                e.dimension());
    }

    private static int roleOrder(String role) {
        List<String> order = List.of(Dialects.IMAGE_ENCODER, Dialects.MASK_DECODER, Dialects.TEXT_ENCODER,
                Dialects.DENSE_ENCODER, Dialects.IMAGE_EMBEDDER);
        int i = order.indexOf(role);
        return i < 0 ? order.size() : i;
    }

    static Optional<TokenizerSpec> tokenizerIn(Path dir) {
        if (Files.isRegularFile(dir.resolve(CLIP_BPE_FILE))) {
            return Optional.of(new TokenizerSpec(TokenizerSpec.CLIP_BPE, CLIP_BPE_FILE, null, null));
        }
        if (Files.isRegularFile(dir.resolve(HF_TOKENIZER_JSON))) {
            return Optional.of(new TokenizerSpec(TokenizerSpec.HF_TOKENIZER_JSON, HF_TOKENIZER_JSON, null, null));
        }
        if (Files.isRegularFile(dir.resolve(HF_VOCAB)) && Files.isRegularFile(dir.resolve(HF_MERGES))) {
            return Optional.of(new TokenizerSpec(TokenizerSpec.HF_VOCAB_MERGES, null, HF_VOCAB, HF_MERGES));
        }
        return Optional.empty();
    }

    /**
     * Embeddings and index vectors are keyed by pack id, so the id must change when any weight changes: the
     * folder's name plus a hash over the pinned files.
     */
    static String defaultId(Path dir, List<ModelEntry> entries) {
        String folder = String.valueOf(dir.getFileName()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ModelEntry e : entries) {
                digest.update((e.file() + ":" + e.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, ID_HASH_HEX);
            return (folder.isEmpty() ? "imported" : folder) + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void write(Path target, byte[] json) {
        Path temp = target.resolveSibling(PackManifest.FILE_NAME + ".importing");
        try {
            Files.write(temp, json);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is what the user needs to see
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
