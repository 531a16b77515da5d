package dev.findling.models.testing;

import dev.findling.models.ModelPack;
import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.OnnxModelWriter;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.reference.ReferenceImageEncoder;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.reference.text.DenseEncoderGraph;
import dev.findling.models.reference.text.TextAxis;
import dev.findling.models.runtime.ExecutionSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A pack with a merged SAM-CLIP backbone, for tests: the reference pack with its image encoder and its
 * {@code samclip} dense encoder replaced by one ONNX file ({@value #FILE}) that computes both side by side
 * on one input — outputs {@code image_embeddings} and {@code dense_features} — and a pack.json pointing
 * both roles at it. Each head is exactly the reference graph's computation, so results can be compared with
 * the reference pack's separate graphs. No such learned weights exist to download; this is how tests drive
 * the merged-backbone code path through real ONNX Runtime sessions. The reference pack itself is unchanged.
 */
public final class MergedBackbonePack {
    public static final String ID = "findling-reference-samclip-merged-test";
    public static final String FILE = "samclip_backbone.onnx";

    private static Path directory;
    private static ModelPack pack;

    private MergedBackbonePack() {
    }

    /** The merged graph; without {@code dense_features} when {@code withDense} is false (a broken export). */
    public static byte[] backbone(boolean withDense) {
        int size = ReferenceImageEncoder.INPUT_SIZE;
        int grid = ReferenceImageEncoder.GRID;
        OnnxGraph g = new OnnxGraph("findling_test_samclip_backbone")
                .doc("Test-only merged SAM-CLIP backbone: the Findling reference image encoder and reference dense encoder "
                        + "(classical, not learned) as two heads on one SAM-normalised input.");
        OnnxGraph.Value image = g.input("image", ElementType.FLOAT, 1, 3, size, size);
        g.output("image_embeddings", ReferenceImageEncoder.embeddings(g, image, ReferenceImageEncoder.DEFAULT_WEIGHTS),
                ElementType.FLOAT, 1, ReferenceImageEncoder.CHANNELS, grid, grid);
        if (withDense) {
            g.output("dense_features", DenseEncoderGraph.denseFeatures(g, image), ElementType.FLOAT, 1, TextAxis.DIMENSION,
                    DenseEncoderGraph.GRID, DenseEncoderGraph.GRID);
        }
        return OnnxModelWriter.toBytes(g, ID);
    }

    /**
     * Writes the pack into {@code dir}: every reference file except the separate image and dense encoders, the
     * merged backbone, and pack.json with both roles on {@value #FILE} (SHA-256 pinned), other entries as in
     * the reference pack.
     */
    public static Path write(Path dir, boolean withDense) throws IOException {
        Map<String, byte[]> reference = ReferencePack.contents();
        PackManifest referenceManifest = ManifestReader.parse(reference.get(PackManifest.FILE_NAME));
        byte[] backbone = backbone(withDense);
        String sha = ReferencePack.sha256(backbone);
        List<String> replaced = new ArrayList<>();
        List<ModelEntry> models = new ArrayList<>();
        for (ModelEntry e : referenceManifest.models()) {
            switch (e.role()) {
                case Dialects.IMAGE_ENCODER -> {
                    replaced.add(e.file());
                    models.add(new ModelEntry(Dialects.IMAGE_ENCODER, "sam", FILE, sha, Map.of(), Map.of(),
                            Preprocessing.sam(ReferenceImageEncoder.INPUT_SIZE), null));
                }
                case Dialects.DENSE_ENCODER -> {
                    replaced.add(e.file());
                    models.add(new ModelEntry(Dialects.DENSE_ENCODER, Dialects.SAMCLIP, FILE, sha, Map.of(), Map.of(),
                            Preprocessing.sam(DenseEncoderGraph.INPUT_SIZE), TextAxis.DIMENSION));
                }
                default -> models.add(e);
            }
        }
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT, ID,
                "Findling reference pack, merged SAM-CLIP backbone (tests)", PackManifest.KIND_REFERENCE,
                referenceManifest.label(), "The reference pack's image encoder and dense encoder merged into one graph "
                + "with two outputs; written by tests.", referenceManifest.tokenizer(), models);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : reference.entrySet()) {
            if (!f.getKey().equals(PackManifest.FILE_NAME) && !replaced.contains(f.getKey())) {
                writeIfChanged(dir.resolve(f.getKey()), f.getValue());
            }
        }
        writeIfChanged(dir.resolve(FILE), backbone);
        writeIfChanged(dir.resolve(PackManifest.FILE_NAME), ManifestReader.toJson(manifest));
        return dir;
    }

    /** The pack folder next to the reference pack's ({@code target*}/samclip-merged-pack), written on first use. */
    public static synchronized Path directory() {
        if (directory == null) {
            Path dir = ReferencePackFixture.location().resolveSibling("samclip-merged-pack");
            try {
                Files.createDirectories(dir.getParent());
                Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    write(dir, true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the merged-backbone test pack into " + dir, e);
            }
            directory = dir;
        }
        return directory;
    }

    /** One open pack shared by every test of this JVM (closed when the JVM exits). */
    public static synchronized ModelPack pack() {
        if (pack == null) {
            ModelPack opened = ModelPack.open(directory(), ExecutionSettings.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(opened::close, "merged-backbone-pack-close"));
            pack = opened;
        }
        return pack;
    }

    private static void writeIfChanged(Path target, byte[] bytes) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
