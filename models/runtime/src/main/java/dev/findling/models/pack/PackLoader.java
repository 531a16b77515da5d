package dev.findling.models.pack;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.findling.models.onnx.OnnxGraphEditor;
import dev.findling.models.onnx.OnnxModelFiles;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.SessionFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a pack folder: reads {@code pack.json}, checks roles, dialects, files and pinned SHA-256
 * sums, opens every distinct ONNX file once, and checks each session against its dialect's tensor
 * contract. Every problem found is reported at once, each naming the file, the tensor, what was
 * expected and what was found, so that fixing a manifest takes one round rather than ten.
 */
public final class PackLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PackLoader.class);
    private PackLoader() {
    }

    /**
     * @throws PackException listing every problem when the pack cannot be used
     */
    public static LoadedPack load(Path packDir, SessionFactory sessions) {
        Inspection in = inspect(packDir, sessions, false);
        List<String> problems = in.allProblems();
        if (!problems.isEmpty()) {
            LoadedPack.closeAll(in.distinctSessions);
            throw new PackException(describe(packDir, problems));
        }
        List<BoundSession> bound = in.entries.stream().map(EntryInspection::session).toList();
        return new LoadedPack(packDir.toAbsolutePath().normalize(), in.manifest, bound, in.distinctSessions,
                in.tokenizer, sessions.provider(), in.derivedPerSam);
    }

    static String describe(Path packDir, List<String> problems) {
        if (problems.size() == 1) {
            return "cannot use model pack " + packDir + ": " + problems.get(0);
        }
        StringBuilder b = new StringBuilder("cannot use model pack " + packDir + " (" + problems.size() + " problems):");
        for (String p : problems) {
            b.append("\n  - ").append(p);
        }
        return b.toString();
    }

    /** What inspecting one entry found; {@code session} is null unless the entry passed every check. */
    record EntryInspection(ModelEntry entry, Path file, Long sizeBytes, String actualSha256, List<String> problems,
                           BoundSession session, Path derivedFile) {
        EntryInspection(ModelEntry entry, Path file, Long sizeBytes, String actualSha256, List<String> problems,
                        BoundSession session) {
            this(entry, file, sizeBytes, actualSha256, problems, session, null);
        }
    }

    /** Everything found about a pack; the caller owns (and must close) {@code distinctSessions}. */
    static final class Inspection {
        PackManifest manifest;
        final List<String> packProblems = new ArrayList<>();
        final List<EntryInspection> entries = new ArrayList<>();
        final List<OrtSession> distinctSessions = new ArrayList<>();
        Optional<TokenizerFiles> tokenizer = Optional.empty();
        /** PerSAM's decoder derived from the stock one; empty when the pack has its own or nothing to derive from. */
        Optional<DerivedInspection> derivedPerSam = Optional.empty();

        List<String> allProblems() {
            List<String> all = new ArrayList<>(packProblems);
            entries.forEach(e -> all.addAll(e.problems()));
            return all;
        }
    }

    /**
     * @param hashEverything compute SHA-256 of every file (for {@code models verify}), not only pinned ones
     */
    static Inspection inspect(Path packDir, SessionFactory sessions, boolean hashEverything) {
        return inspect(packDir, ManifestReader.read(packDir), sessions, hashEverything);
    }

    /** As above, for a manifest that is not (yet) the folder's {@code pack.json}. */
    static Inspection inspect(Path packDir, PackManifest manifest, SessionFactory sessions, boolean hashEverything) {
        Inspection in = new Inspection();
        in.manifest = manifest;
        in.packProblems.addAll(ManifestCheck.packProblems(in.manifest));
        in.tokenizer = ManifestCheck.tokenizer(in.manifest, packDir, in.packProblems);

        Map<Path, String> hashes = new HashMap<>();
        Map<Path, OrtSession> opened = new LinkedHashMap<>();
        Map<Path, String> openFailures = new HashMap<>();
        List<ModelEntry> models = in.manifest.models();
        for (int i = 0; i < models.size(); i++) {
            in.entries.add(inspectEntry(packDir, models.get(i), i, sessions, hashEverything, hashes, opened, openFailures));
        }
        in.distinctSessions.addAll(opened.values());
        in.packProblems.addAll(crossEntryProblems(in.entries));
        in.packProblems.addAll(mergedBackboneProblems(in.entries));
        in.derivedPerSam = derivePersam(packDir, in, sessions);
        in.derivedPerSam.flatMap(d -> Optional.ofNullable(d.session())).ifPresent(s -> in.distinctSessions.add(s.session()));
        return in;
    }

    /**
     * What deriving PerSAM's decoder gave: the bound session when it worked, otherwise why not. A pack whose
     * stock decoder ({@code sam-onnx}, {@code edgesam} or {@code efficientsam}) cannot be derived from still loads;
     * PerSAM then prompts without guidance.
     */
    public record DerivedInspection(String sourceFile, DerivedPerSamDecoder.Derived derived, BoundSession session,
                                    String unavailableReason) {
    }

    private static Optional<DerivedInspection> derivePersam(Path packDir, Inspection in, SessionFactory sessions) {
        boolean hasGuided = in.entries.stream().anyMatch(e -> Dialects.MASK_DECODER.equals(e.entry().role())
                && Dialects.isGuided(e.entry().dialect()));
        // A stock decoder whose transformer has PerSAM's attention points (sam-onnx, edgesam, efficientsam); sam-onnx
        // first, as ModelPack prompts with it first: PerSAM's later passes must run on the guided decoder's own weights.
        EntryInspection stock = in.entries.stream()
                .filter(e -> e.session() != null && Dialects.MASK_DECODER.equals(e.entry().role())
                        && Dialects.guidedDialectOf(e.entry().dialect()).isPresent())
                .min(java.util.Comparator.comparing(e -> !Dialects.SAM_ONNX.equals(e.entry().dialect())))
                .orElse(null);
        if (hasGuided || stock == null || !in.allProblems().isEmpty()) {
            return Optional.empty();
        }
        String source = stock.entry().file();
        DerivedPerSamDecoder.Derived derived = null;
        OrtSession session = null;
        try {
            String sha = stock.actualSha256() != null ? stock.actualSha256() : Checksums.sha256(stock.file());
            derived = DerivedPerSamDecoder.ensure(packDir, stock.entry(), stock.file(), sha);
            session = derived.file() != null ? sessions.open(derived.file()) : sessions.open(derived.model());
            List<String> problems = TensorContractCheck.problems(derived.entry(), session.getInputInfo(),
                    session.getOutputInfo());
            if (!problems.isEmpty()) {
                throw new IllegalStateException(String.join("; ", problems));
            }
            if (derived.file() != null) {
                session = withoutFullSizeMasks(derived.entry(), derived.file(), session, sessions);
            }
            return Optional.of(new DerivedInspection(source, derived, new BoundSession(derived.entry(), session), null));
        } catch (IOException | OrtException | RuntimeException e) {
            if (session != null) {
                LoadedPack.closeAll(List.of(session));
            }
            String reason = "cannot derive PerSAM's decoder from " + source + " (" + e.getMessage()
                    + "); PerSAM runs without target-guided attention and target-semantic prompting";
            LOG.warn("{}: {}", packDir, reason);
            return Optional.of(new DerivedInspection(source, derived, null, reason));
        }
    }

    /**
     * A file that is both the image encoder and the dense encoder is a merged SAM-CLIP backbone: one session,
     * one input, one run for both heads. So its dense head must be {@code samclip}, both entries must prepare
     * the image identically (they feed one tensor), and the two heads must be different outputs.
     */
    private static List<String> mergedBackboneProblems(List<EntryInspection> entries) {
        List<String> problems = new ArrayList<>();
        EntryInspection encoder = firstWithRole(entries, Dialects.IMAGE_ENCODER);
        EntryInspection dense = firstWithRole(entries, Dialects.DENSE_ENCODER);
        if (encoder == null || dense == null || encoder.file() == null || !encoder.file().equals(dense.file())) {
            return problems;
        }
        String file = encoder.entry().file();
        String shared = file + ": the image-encoder and the dense-encoder share this file (a merged SAM-CLIP backbone)";
        if (dense.entry().dialect() != null && !Dialects.SAMCLIP.equals(dense.entry().dialect())) {
            problems.add(shared + ", whose dense head has dialect " + Dialects.SAMCLIP + " (SAM preprocessing on the"
                    + " backbone's one input), but the dense-encoder says dialect " + dense.entry().dialect());
            return problems;
        }
        if (encoder.session() == null || dense.session() == null) {
            return problems; // each entry's own problems say why
        }
        Preprocessing a = encoder.entry().preprocessing();
        Preprocessing b = dense.entry().preprocessing();
        if (!samePreprocessing(a, b)) {
            problems.add(shared + ", so both feed its one input, but their preprocessing differs: image-encoder "
                    + describe(a) + ", dense-encoder " + describe(b) + "; give both entries the same \"preprocessing\"");
        }
        String embeddings = encoder.entry().outputName("image_embeddings");
        if (embeddings.equals(dense.entry().outputName("dense_features"))) {
            problems.add(shared + ", but both map their output to '" + embeddings + "'; the dense-encoder's dense_features"
                    + " must be the backbone's CLIP-aligned output, not SAM's embeddings");
        }
        return problems;
    }

    private static EntryInspection firstWithRole(List<EntryInspection> entries, String role) {
        return entries.stream().filter(e -> role.equals(e.entry().role())).findFirst().orElse(null);
    }

    private static boolean samePreprocessing(Preprocessing a, Preprocessing b) {
        // Preprocessing is a record holding arrays, so equals() would compare the arrays by identity.
        return a != null && b != null && a.inputSize() == b.inputSize() && a.resize().equals(b.resize())
                && Float.compare(a.valueScale(), b.valueScale()) == 0 && Arrays.equals(a.pixelMean(), b.pixelMean())
                && Arrays.equals(a.pixelStd(), b.pixelStd()) && a.normalizedInGraph() == b.normalizedInGraph();
    }

    private static String describe(Preprocessing p) {
        if (p == null) {
            return "(none)";
        }
        return "{inputSize " + p.inputSize() + ", " + p.resize() + ", valueScale " + p.valueScale() + ", pixelMean "
                + Arrays.toString(p.pixelMean()) + ", pixelStd " + Arrays.toString(p.pixelStd())
                + (p.normalizedInGraph() ? ", normalizedInGraph" : "") + "}";
    }

    /** The encoder's embeddings must fit every decoder, where both graphs fix the sizes. */
    private static List<String> crossEntryProblems(List<EntryInspection> entries) {
        List<String> problems = new ArrayList<>();
        EntryInspection encoder = entries.stream()
                .filter(e -> e.session() != null && Dialects.IMAGE_ENCODER.equals(e.entry().role()))
                .findFirst().orElse(null);
        if (encoder == null) {
            return problems;
        }
        long[] produced = encoder.session().outputInfo("image_embeddings").getShape();
        for (EntryInspection e : entries) {
            if (e.session() == null || !Dialects.MASK_DECODER.equals(e.entry().role())) {
                continue;
            }
            long[] taken = e.session().inputInfo("image_embeddings").getShape();
            for (int i = 0; i < Math.min(produced.length, taken.length); i++) {
                if (produced[i] > 0 && taken[i] > 0 && produced[i] != taken[i]) {
                    problems.add(e.entry().file() + " takes image embeddings " + TensorContractCheck.shapeText(taken)
                            + " but " + encoder.entry().file() + " produces " + TensorContractCheck.shapeText(produced));
                    break;
                }
            }
        }
        return problems;
    }

    private static EntryInspection inspectEntry(Path packDir, ModelEntry entry, int index, SessionFactory sessions,
                                                boolean hashEverything, Map<Path, String> hashes,
                                                Map<Path, OrtSession> opened, Map<Path, String> openFailures) {
        List<String> problems = new ArrayList<>(ManifestCheck.entryProblems(entry, index, packDir));
        String label = ManifestCheck.label(entry, index);
        DerivedHeads.formulaProblem(entry, label).ifPresent(problems::add);
        Path file = entry.file() == null ? null : ManifestCheck.resolveInside(packDir, entry.file()).orElse(null);
        if (file == null || !Files.isRegularFile(file)) {
            return new EntryInspection(entry, file, null, null, problems, null);
        }
        Long size = null;
        String actual = null;
        try {
            size = Files.size(file);
            if (hashEverything || entry.sha256() != null || entry.isDerived()) {
                actual = hashes.get(file);
                if (actual == null) {
                    actual = Checksums.sha256(file);
                    hashes.put(file, actual);
                }
            }
        } catch (IOException e) {
            problems.add(label + ": cannot read the file (" + e.getMessage() + ")");
        }
        if (entry.sha256() != null && actual != null && Checksums.isSha256Hex(entry.sha256())
                && !actual.equals(entry.sha256().toLowerCase(Locale.ROOT))) {
            problems.add(label + ": SHA-256 is " + actual + " but pack.json pins " + entry.sha256().toLowerCase(Locale.ROOT)
                    + "; the file is damaged or a different version (fetch it again)");
        }
        if (!problems.isEmpty()) {
            return new EntryInspection(entry, file, size, actual, problems, null);
        }

        Path sessionFile = file;
        if (entry.isDerived()) {
            try {
                sessionFile = DerivedHeads.ensure(packDir, entry, file, actual);
            } catch (PackException e) {
                problems.add(e.getMessage());
                return new EntryInspection(entry, file, size, actual, problems, null);
            }
        }
        Path derived = entry.isDerived() ? sessionFile : null;
        OrtSession session = opened.get(sessionFile);
        if (session == null && !openFailures.containsKey(sessionFile)) {
            try {
                session = sessions.open(sessionFile);
                opened.put(sessionFile, session);
            } catch (OrtException | RuntimeException e) {
                openFailures.put(sessionFile, e.getMessage());
            }
        }
        if (session == null) {
            problems.add(label + (derived != null ? " (derived " + derived + ")" : "") + ": ONNX Runtime cannot open it ("
                    + openFailures.get(sessionFile) + ")");
            return new EntryInspection(entry, file, size, actual, problems, null, derived);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            problems.addAll(TensorContractCheck.problems(entry, inputs, outputs));
            ModelEntry resolved = entry;
            Optional<String> imageInput = PreprocessingRules.imageInput(entry.role(), entry.dialect());
            if (imageInput.isPresent()) {
                NodeInfo node = inputs.get(entry.inputName(imageInput.get()));
                TensorInfo image = node != null && node.getInfo() instanceof TensorInfo t ? t : null;
                Preprocessing p = PreprocessingRules.resolve(entry, image, problems);
                resolved = withPreprocessing(entry, p);
            } else {
                PreprocessingRules.resolve(entry, null, problems);
            }
            if (problems.isEmpty() && Dialects.MASK_DECODER.equals(entry.role())) {
                session = withoutFullSizeMasks(entry, file, session, sessions);
                opened.put(file, session);
            }
            BoundSession bound = problems.isEmpty() ? new BoundSession(resolved, session) : null;
            return new EntryInspection(resolved, file, size, actual, problems, bound, derived);
        } catch (OrtException e) {
            problems.add(label + ": cannot read the graph's inputs and outputs (" + e.getMessage() + ")");
            return new EntryInspection(entry, file, size, actual, problems, null, derived);
        }
    }

    /**
     * A decoder session without the full-size {@code masks} output. Findling fetches only {@code iou_predictions}
     * and {@code low_res_masks} (full-size masks are made in Java, on demand), but ONNX Runtime runs every node of
     * a graph whatever the fetch list says: upscaling four masks to 1024² and resizing them to the photo's size
     * cost a SAM decoder pass 10–40 ms. The contract was checked on the file as published; the session runs the
     * same graph with that output and the nodes only it needs removed. Falls back to the file's own session when
     * the graph cannot be edited.
     */
    private static OrtSession withoutFullSizeMasks(ModelEntry entry, Path file, OrtSession session, SessionFactory sessions) {
        String masks = entry.outputName("masks");
        // Only a contract with both outputs has a full-size "masks" beside its low-res one; EdgeSAM's contract names
        // its low-res logits "masks".
        boolean hasFullSizeMasks = Dialects.contract(entry.role(), entry.dialect())
                .map(c -> c.outputs().stream().anyMatch(o -> o.logicalName().equals("masks"))
                        && c.outputs().stream().anyMatch(o -> o.logicalName().equals("low_res_masks")))
                .orElse(false);
        if (!hasFullSizeMasks || masks.equals(entry.outputName("low_res_masks"))
                || masks.equals(entry.outputName("iou_predictions"))) {
            return session; // e.g. EdgeSAM exports, whose low-res output may be called "masks"
        }
        try {
            if (!session.getOutputInfo().containsKey(masks)) {
                return session;
            }
            OnnxGraphEditor g = new OnnxGraphEditor(OnnxModelFiles.read(file));
            g.removeOutput(masks);
            OrtSession pruned = sessions.open(g.build().toByteArray());
            LoadedPack.closeAll(List.of(session));
            return pruned;
        } catch (IOException | OrtException | RuntimeException e) {
            LOG.warn("{}: running the decoder as published (cannot leave out its '{}' output: {})", file, masks, e.getMessage());
            return session;
        }
    }

    private static ModelEntry withPreprocessing(ModelEntry e, Preprocessing p) {
        return new ModelEntry(e.role(), e.dialect(), e.file(), e.sha256(), e.inputs(), e.outputs(), p, e.dimension(), e.derive());
    }
}
