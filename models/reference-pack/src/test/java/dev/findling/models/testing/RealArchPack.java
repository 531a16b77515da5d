package dev.findling.models.testing;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.ModelPack;
import dev.findling.models.clip.ClipDialects;
import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.clip.DenseWindows;
import dev.findling.models.fetch.PackFetcher;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Checksums;
import dev.findling.models.pack.DerivedHeads;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.pack.TokenizerSpec;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A learned-kind pack over {@code ../shared/data/real-arch}: the real MobileSAM encoder (SAM preprocessing inside
 * the graph) and SAM / PerSAM decoders, the tiny CLIP text and vision towers, OpenAI's BPE vocabulary, and a
 * {@code dense-clip} head Findling derives from the vision tower. The fixture files are linked, never copied, into
 * a temporary folder, which also receives the derived head.
 */
public final class RealArchPack {
    public static final String ID = "real-arch-tiny-clip";
    /** The tiny CLIP's joint width (README "How these were made": embed_dim=512). */
    public static final int DIMENSION = 512;

    private RealArchPack() {
    }

    /**
     * The pack's derived dense head run as one window over a {@code window}-sized image (MaskCLIP's own setting,
     * where the window is the whole image), opened on its own session.
     */
    public static DenseFeatures oneWindow(ModelPack pack, RgbImage image) {
        ModelEntry entry = pack.entries().stream().filter(e -> e.role().equals(Dialects.DENSE_ENCODER)).findFirst().orElseThrow();
        try {
            Path head = DerivedHeads.location(pack.directory(), entry, Checksums.sha256(pack.directory().resolve(entry.file())));
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(head.toString(), new OrtSession.SessionOptions())) {
                return ClipDialects.slidingWindowEncoder(new BoundSession(entry, session),
                        new DenseWindows(entry.preprocessing().inputSize(), null)).encode(image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the pack in {@code dir}; skips the calling test when the fixtures are absent. */
    public static Path create(Path dir, String formula) {
        Path realArch = RealArchFixtures.dir();
        Path bpe = realArch.resolve("../clip/bpe_simple_vocab_16e6.txt.gz").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(bpe), "the CLIP vocabulary " + bpe + " is absent; skipping");
        try {
            Files.createDirectories(dir);
            for (String f : List.of("mobilesam_encoder_preprocess.onnx", "sam_decoder_multimask.onnx", "persam_decoder.onnx",
                    "clip_text_tiny.onnx", "clip_vision_tiny.onnx")) {
                Files.createSymbolicLink(dir.resolve(f), realArch.resolve(f));
            }
            Files.createSymbolicLink(dir.resolve(bpe.getFileName()), bpe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Preprocessing samInGraph = new Preprocessing(1024, Preprocessing.LONGEST_SIDE_PAD, 1f,
                Preprocessing.SAM_PIXEL_MEAN, Preprocessing.SAM_PIXEL_STD, true);
        List<ModelEntry> models = List.of(
                new ModelEntry(Dialects.IMAGE_ENCODER, "sam", "mobilesam_encoder_preprocess.onnx", null,
                        Map.of("image", "input_image"), Map.of(), samInGraph, null),
                new ModelEntry(Dialects.MASK_DECODER, "sam-onnx", "sam_decoder_multimask.onnx", null, Map.of(), Map.of(), null, null),
                new ModelEntry(Dialects.MASK_DECODER, "persam", "persam_decoder.onnx", null, Map.of(), Map.of(), null, null),
                new ModelEntry(Dialects.TEXT_ENCODER, "clip", "clip_text_tiny.onnx", null, Map.of(), Map.of(), null, DIMENSION),
                new ModelEntry(Dialects.IMAGE_EMBEDDER, "clip", "clip_vision_tiny.onnx", null, Map.of(), Map.of(), null, DIMENSION),
                new ModelEntry(Dialects.DENSE_ENCODER, "dense-clip", "clip_vision_tiny.onnx", null, Map.of(), Map.of(),
                        null, DIMENSION, formula));
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT, ID, "MobileSAM + tiny CLIP (random weights)",
                PackManifest.KIND_LEARNED, "real architectures, random weights",
                "The real-arch fixtures: numerical oracles, not a model that segments anything.",
                new TokenizerSpec(TokenizerSpec.CLIP_BPE, bpe.getFileName().toString(), null, null), models);
        PackFetcher.writeManifest(manifest, dir);
        return dir;
    }
}
