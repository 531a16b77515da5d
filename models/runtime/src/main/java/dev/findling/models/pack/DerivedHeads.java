package dev.findling.models.pack;

import ai.onnx.proto.OnnxMl;
import dev.findling.models.onnx.DenseClipDerivation;
import dev.findling.models.onnx.DenseClipFormula;
import dev.findling.models.onnx.GraphStructureException;
import dev.findling.models.onnx.OnnxModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Graphs Findling derives from a pack's published exports (today: the dense CLIP head of a {@code dense-encoder}
 * entry with {@code "derive"}). A derived graph lives beside the pack in
 * {@code derived/<source SHA-256>/dense-clip-<formula>-v<version>.onnx}: keyed by the source's content, so a
 * changed export never meets a stale head, and by the derivation's version, so a changed derivation is made
 * again. It is made once, on the first load that needs it, and written atomically ({@link OnnxModelFiles#write}):
 * a crash leaves either no file or the whole one, and two processes deriving at once write identical bytes.
 * See {@code models/docs/dense-clip.md}.
 */
public final class DerivedHeads {
    public static final String DIRECTORY = "derived";
    /** CLIP ViTs' input side (their position embeddings are made for it) when pack.json does not say. */
    static final int CLIP_INPUT_SIZE = 224;
    private static final Logger LOG = LoggerFactory.getLogger(DerivedHeads.class);

    private DerivedHeads() {
    }

    /** The formula an entry asks for, or a problem sentence. */
    static Optional<String> formulaProblem(ModelEntry e, String label) {
        if (!e.isDerived()) {
            return Optional.empty();
        }
        if (!Dialects.DENSE_ENCODER.equals(e.role()) || !"dense-clip".equals(e.dialect())) {
            return Optional.of(label + ": 'derive' applies to a dense-encoder of dialect dense-clip only, not to "
                    + e.role() + " / " + e.dialect());
        }
        if (DenseClipFormula.byId(e.derive()).isEmpty()) {
            return Optional.of(label + ": unknown dense head formula '" + e.derive() + "'; known: " + DenseClipFormula.known());
        }
        return Optional.empty();
    }

    /** Where the head derived from a source with this SHA-256 lives (whether or not it has been made). */
    public static Path location(Path packDir, ModelEntry e, String sourceSha256) {
        DenseClipFormula formula = DenseClipFormula.byId(e.derive()).orElseThrow();
        return packDir.toAbsolutePath().normalize().resolve(DIRECTORY).resolve(sourceSha256.toLowerCase(Locale.ROOT))
                .resolve("dense-clip-" + formula.id() + "-v" + DenseClipDerivation.VERSION + ".onnx");
    }

    /**
     * The derived graph for {@code e}, made from {@code source} now when it does not exist yet.
     *
     * @throws PackException when the source cannot be read, is not a CLIP vision export, or the result cannot be written
     */
    static Path ensure(Path packDir, ModelEntry e, Path source, String sourceSha256) {
        Path target = location(packDir, e, sourceSha256);
        if (Files.isRegularFile(target)) {
            return target;
        }
        DenseClipFormula formula = DenseClipFormula.byId(e.derive()).orElseThrow();
        long start = System.nanoTime();
        try {
            OnnxMl.ModelProto stock = OnnxModelFiles.read(source);
            int inputSize = e.preprocessing() != null ? e.preprocessing().inputSize() : CLIP_INPUT_SIZE;
            DenseClipDerivation.Result r = DenseClipDerivation.derive(stock, formula, e.inputName("pixel_values"),
                    e.outputName("image_embeds"), inputSize,
                    Map.of("findling.source", e.file(), "findling.source_sha256", sourceSha256));
            OnnxModelFiles.write(r.model(), target);
            LOG.info("derived the {} dense head from {} in {} ms: {}", formula.id(), e.file(),
                    (System.nanoTime() - start) / 1_000_000, String.join("; ", r.located()));
            return target;
        } catch (GraphStructureException ex) {
            throw new PackException(e.file() + ": cannot derive a " + formula.id() + " dense head: " + ex.getMessage());
        } catch (IOException ex) {
            throw new PackException(e.file() + ": cannot derive a " + formula.id() + " dense head into " + target
                    + " (" + ex.getMessage() + "); the pack folder must be writable the first time");
        }
    }
}
