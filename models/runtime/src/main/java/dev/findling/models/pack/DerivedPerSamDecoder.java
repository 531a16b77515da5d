package dev.findling.models.pack;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.findling.models.onnx.GraphStructureException;
import dev.findling.models.onnx.OnnxModelFiles;
import dev.findling.models.onnx.PerSamDecoderDerivation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PerSAM's decoder for a pack that has only a stock decoder whose transformer has PerSAM's attention points
 * ({@code sam-onnx}, {@code edgesam}, {@code efficientsam}; {@link Dialects#guidedDialectOf}): derived once by graph editing
 * ({@link PerSamDecoderDerivation}) and kept beside the pack in {@code derived/}, keyed by the SHA-256 of the
 * source file and the derivation's version, so a changed source or a changed edit makes a new file and never
 * reuses a stale one. A small JSON record beside the graph names its source and pins the derived file's own
 * SHA-256; it is written after the graph (both atomically), so a derived graph without its record — a crash
 * between the two — is simply made again. At every load the derived file is hashed against its record; a
 * mismatch (a damaged or edited file) is made again too. A pack folder that cannot be written (read-only
 * installations) gets the derived graph in memory only.
 */
public final class DerivedPerSamDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(DerivedPerSamDecoder.class);
    public static final String FOLDER = "derived";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The record written beside a derived graph.
     *
     * @param source        the stock decoder's file, relative to the pack
     * @param sourceSha256  its SHA-256 (the key)
     * @param version       {@link PerSamDecoderDerivation#VERSION}
     * @param sha256        the derived graph's SHA-256
     * @param addedNodes    what the edit added, one line per node
     */
    public record Record(String source, String sourceSha256, int version, String sha256, List<String> addedNodes) {
        public Record {
            addedNodes = List.copyOf(addedNodes);
        }
    }

    /**
     * A derived decoder ready to open.
     *
     * @param entry   the stock entry turned into its guided dialect's ({@code persam}, {@code edgesam-persam},
     *                {@code efficientsam-persam}; file under {@code derived/}, pinned SHA-256)
     * @param file    where the graph is, or null when it lives only in memory
     * @param model   the graph's bytes when it lives only in memory, else null
     * @param record  source, hashes and added nodes
     * @param madeNow whether this load derived it (false: an earlier derivation was verified and reused)
     */
    public record Derived(ModelEntry entry, Path file, byte[] model, Record record, boolean madeNow) {
    }

    private DerivedPerSamDecoder() {
    }

    /** The graph file for a source hash: {@code derived/persam_decoder.v1.<sha256>.onnx}. */
    public static Path graphFile(Path packDir, String sourceSha256) {
        return packDir.resolve(FOLDER).resolve("persam_decoder.v" + PerSamDecoderDerivation.VERSION + "."
                + sourceSha256.toLowerCase(Locale.ROOT) + ".onnx");
    }

    static Path recordFile(Path graphFile) {
        String name = graphFile.getFileName().toString();
        return graphFile.resolveSibling(name.substring(0, name.length() - ".onnx".length()) + ".json");
    }

    /** The verified record of an existing derivation for this source, if there is one. */
    public static Optional<Record> existing(Path packDir, String sourceSha256) {
        Path graph = graphFile(packDir, sourceSha256);
        Path record = recordFile(graph);
        if (!Files.isRegularFile(graph) || !Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            Record r = JSON.readValue(record.toFile(), Record.class);
            if (r.version() != PerSamDecoderDerivation.VERSION || !sourceSha256.equalsIgnoreCase(r.sourceSha256())) {
                return Optional.empty();
            }
            String actual = Checksums.sha256(graph);
            if (!actual.equals(r.sha256())) {
                LOG.warn("{}: SHA-256 is {} but its record pins {}; deriving it again", graph, actual, r.sha256());
                return Optional.empty();
            }
            return Optional.of(r);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable ({}); deriving it again", record, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * One line for {@code models list}: where PerSAM's decoder comes from in a pack with only a stock decoder (the
     * verified derived file, or that it is made at the first load); empty when the pack has its own or no decoder.
     */
    public static Optional<String> listing(Path packDir, PackManifest manifest) {
        boolean hasPersam = manifest.models().stream()
                .anyMatch(m -> Dialects.MASK_DECODER.equals(m.role()) && Dialects.isGuided(m.dialect()));
        Optional<ModelEntry> stock = manifest.models().stream()
                .filter(m -> Dialects.MASK_DECODER.equals(m.role()) && Dialects.guidedDialectOf(m.dialect()).isPresent())
                .findFirst();
        if (hasPersam || stock.isEmpty() || stock.get().file() == null) {
            return Optional.empty();
        }
        Path source = packDir.resolve(stock.get().file());
        try {
            String sha = stock.get().sha256() != null && Checksums.isSha256Hex(stock.get().sha256())
                    ? stock.get().sha256().toLowerCase(Locale.ROOT) : Checksums.sha256(source);
            Optional<Record> r = existing(packDir, sha);
            String guided = Dialects.guidedDialectOf(stock.get().dialect()).orElseThrow();
            String derived = packDir.relativize(graphFile(packDir, sha)).toString().replace('\\', '/');
            return Optional.of(r.isPresent()
                    ? guided + " derived from " + stock.get().file() + ": " + derived + " (verified, "
                    + r.get().addedNodes().size() + " nodes added)"
                    : guided + " derived from " + stock.get().file() + " at the first load into " + derived);
        } catch (IOException e) {
            return Optional.of(Dialects.guidedDialectOf(stock.get().dialect()).orElseThrow() + " derived from "
                    + stock.get().file() + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /**
     * The derived decoder for a stock entry: the verified earlier derivation, or a new one.
     *
     * @param stockFile    the stock decoder's file
     * @param sourceSha256 its SHA-256
     * @throws GraphStructureException when the stock graph is not a SAM two-way-transformer decoder
     * @throws IOException             when the stock graph cannot be read
     */
    public static Derived ensure(Path packDir, ModelEntry stock, Path stockFile, String sourceSha256) throws IOException {
        Path graph = graphFile(packDir, sourceSha256);
        Optional<Record> earlier = existing(packDir, sourceSha256);
        if (earlier.isPresent()) {
            return new Derived(entryFor(stock, packDir, graph, earlier.get().sha256()), graph, null, earlier.get(), false);
        }
        OnnxMl.ModelProto source = OnnxModelFiles.read(stockFile);
        PerSamDecoderDerivation.Result result = PerSamDecoderDerivation.derive(source, stock.inputName("image_embeddings"));
        byte[] bytes = result.model().toByteArray();
        String sha = Checksums.sha256(bytes);
        Record record = new Record(stock.file(), sourceSha256.toLowerCase(Locale.ROOT), PerSamDecoderDerivation.VERSION,
                sha, result.addedNodes());
        try {
            OnnxModelFiles.write(result.model(), graph);
            writeAtomically(recordFile(graph), JSON.writeValueAsBytes(record));
            LOG.info("derived PerSAM's decoder from {} into {} ({} nodes added)", stock.file(), packDir.relativize(graph),
                    result.addedNodes().size());
            return new Derived(entryFor(stock, packDir, graph, sha), graph, null, record, true);
        } catch (IOException e) {
            LOG.warn("cannot write the derived PerSAM decoder into {} ({}); keeping it in memory for this run",
                    graph.getParent(), e.getMessage());
            return new Derived(entryFor(stock, packDir, graph, sha), null, bytes, record, true);
        }
    }

    private static ModelEntry entryFor(ModelEntry stock, Path packDir, Path graph, String sha256) {
        String relative = packDir.relativize(graph).toString().replace('\\', '/');
        String dialect = Dialects.guidedDialectOf(stock.dialect()).orElseThrow(() -> new GraphStructureException(
                "no guided (PerSAM) dialect for decoder dialect '" + stock.dialect() + "'"));
        return new ModelEntry(Dialects.MASK_DECODER, dialect, relative, sha256, stock.inputs(), stock.outputs(),
                stock.preprocessing(), stock.dimension());
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
