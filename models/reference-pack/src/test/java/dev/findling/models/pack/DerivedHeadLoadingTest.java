package dev.findling.models.pack;

import dev.findling.models.ModelPack;
import dev.findling.models.fetch.PackFetcher;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.RealArchPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the loader says when a derived dense head cannot be made, and that nothing half-made is left behind. */
class DerivedHeadLoadingTest {
    @TempDir
    Path temp;

    /** The real-arch pack with its dense-encoder entry replaced. */
    private Path packWithDenseEntry(ModelEntry dense) {
        Path dir = RealArchPack.create(temp.resolve("pack"), "maskclip");
        PackManifest m = ManifestReader.read(dir);
        List<ModelEntry> models = new ArrayList<>(m.models().stream().filter(e -> !e.role().equals(Dialects.DENSE_ENCODER)).toList());
        models.add(dense);
        PackFetcher.writeManifest(new PackManifest(m.format(), m.id(), m.name(), m.kind(), m.label(), m.description(),
                m.tokenizer(), models), dir);
        return dir;
    }

    private static ModelEntry dense(String file, String derive) {
        return new ModelEntry(Dialects.DENSE_ENCODER, "dense-clip", file, null, null, null, null, RealArchPack.DIMENSION, derive);
    }

    private static List<Path> derivedFiles(Path pack) throws Exception {
        Path derived = pack.resolve(DerivedHeads.DIRECTORY);
        if (!Files.isDirectory(derived)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(derived)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void anUnknownFormulaIsNamedWithTheKnownOnes() throws Exception {
        Path pack = packWithDenseEntry(dense("clip_vision_tiny.onnx", "maskclip-v9"));
        PackException e = assertThrows(PackException.class, () -> ModelPack.open(pack, ExecutionSettings.defaults()));
        assertTrue(e.getMessage().contains("unknown dense head formula 'maskclip-v9'; known: maskclip, maskclip-no-residual, clearclip"),
                e.getMessage());
        assertEquals(List.of(), derivedFiles(pack));
    }

    @Test
    void aTextTowerCannotBeTheSourceAndNothingIsWritten() throws Exception {
        Path pack = packWithDenseEntry(dense("clip_text_tiny.onnx", "maskclip"));
        PackException e = assertThrows(PackException.class, () -> ModelPack.open(pack, ExecutionSettings.defaults()));
        assertTrue(e.getMessage().contains("cannot derive a maskclip dense head: the export has no input 'pixel_values'"),
                e.getMessage());
        assertEquals(List.of(), derivedFiles(pack));
    }

    @Test
    void eachFormulaGetsItsOwnDerivedFileAndVerifyReportsIt() throws Exception {
        Path pack = packWithDenseEntry(dense("clip_vision_tiny.onnx", "clearclip"));
        try (ModelPack p = ModelPack.open(pack, ExecutionSettings.defaults())) {
            assertEquals(RealArchPack.DIMENSION, p.denseEncoder().orElseThrow().dimension());
        }
        List<Path> files = derivedFiles(pack);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().startsWith("dense-clip-clearclip-v"), files.toString());
        try (Stream<Path> siblings = Files.list(files.get(0).getParent())) {
            assertFalse(siblings.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
        VerificationReport report = PackVerifier.verify(pack);
        assertTrue(report.ok(), report.toText());
        assertTrue(report.toText().contains("derived by Findling (clearclip) → derived/"), report.toText());
    }

    @Test
    void deriveOnAnotherRoleIsRefused() {
        ModelEntry wrong = new ModelEntry(Dialects.IMAGE_EMBEDDER, "clip", "clip_vision_tiny.onnx", null, null, null, null,
                RealArchPack.DIMENSION, "maskclip");
        Path dir = RealArchPack.create(temp.resolve("pack"), "maskclip");
        PackManifest m = ManifestReader.read(dir);
        List<ModelEntry> models = new ArrayList<>(m.models().stream().filter(e -> !e.role().equals(Dialects.IMAGE_EMBEDDER)).toList());
        models.add(wrong);
        PackFetcher.writeManifest(new PackManifest(m.format(), m.id(), m.name(), m.kind(), m.label(), m.description(),
                m.tokenizer(), models), dir);
        PackException e = assertThrows(PackException.class, () -> ModelPack.open(dir, ExecutionSettings.defaults()));
        assertTrue(e.getMessage().contains("'derive' applies to a dense-encoder of dialect dense-clip only"), e.getMessage());
    }
}
