package dev.findling.models.sam;

import dev.findling.models.ModelPack;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.importing.PackImporter;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.SamFamilyPacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code models import} on folders holding each family's two published files: the recognisers name the dialects
 * from the tensor signatures, and the written pack decodes a golden case within the manifest's tolerance.
 */
class SamFamilyImportTest {
    @TempDir
    Path temp;

    private Path folder(String name, String... files) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        Path shared = SamFamilyPacks.familyDir();
        for (String f : files) {
            Files.createSymbolicLink(dir.resolve(Path.of(f).getFileName()), shared.resolve(f));
        }
        return dir;
    }

    private static Map<String, String> dialects(PackImporter.Report report) {
        return report.manifest().models().stream().collect(Collectors.toMap(ModelEntry::file, e -> e.role() + " " + e.dialect()));
    }

    @Test
    void efficientSamExportIsRecognisedAndDecodes() throws IOException {
        Path dir = folder("efficientsam-export", "efficientsam/efficient_sam_vitt_encoder.onnx",
                "efficientsam/efficient_sam_vitt_decoder.onnx");
        PackImporter.Report report = PackImporter.importFolder(dir, PackImporter.Options.defaults());
        assertTrue(report.ok(), report.toText());
        assertEquals(Map.of("efficient_sam_vitt_encoder.onnx", "image-encoder efficientsam",
                "efficient_sam_vitt_decoder.onnx", "mask-decoder efficientsam"), dialects(report));
        try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
            float[] features = SamFamilyPacks.readNpy(SamFamilyPacks.familyDir()
                    .resolve("efficientsam/golden/cat01/encoder_out_image_embeddings.npy"), new ArrayList<>());
            DecoderResult r = pack.promptDecoder().decode(new ImageEmbedding(pack.id(), 256, 64, 64, features,
                    ResizeGeometry.stretched(1277, 1277, 1024)), DecoderPrompt.of(List.of(PointPrompt.positive(566, 704))));
            SamFamilyGoldenTest.assertClose("iou_predictions", new float[]{0.16719788f, 0.126701f, -0.37077373f},
                    r.iouPredictions(), 1e-4, 1e-3);
        }
    }

    @Test
    void edgeSamExportIsRecognisedByItsDecoderAndDecodes() throws IOException {
        Path dir = folder("edgesam-export", "edgesam/edge_sam_3x_encoder.onnx", "edgesam/edge_sam_3x_decoder.onnx");
        PackImporter.Report report = PackImporter.importFolder(dir, PackImporter.Options.defaults());
        assertTrue(report.ok(), report.toText());
        // EdgeSAM's encoder has SAM's plain layout and preprocessing; the decoder names the family.
        assertEquals(Map.of("edge_sam_3x_encoder.onnx", "image-encoder sam",
                "edge_sam_3x_decoder.onnx", "mask-decoder edgesam"), dialects(report));
        try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
            float[] features = SamFamilyPacks.readNpy(SamFamilyPacks.familyDir()
                    .resolve("edgesam/golden/cat01/encoder_out_image_embeddings.npy"), new ArrayList<>());
            DecoderResult r = pack.promptDecoder().decode(new ImageEmbedding(pack.id(), 256, 64, 64, features,
                    ResizeGeometry.of(1277, 1277, 1024)), DecoderPrompt.of(List.of(PointPrompt.positive(566, 704))));
            SamFamilyGoldenTest.assertClose("scores", new float[]{0.63898164f, 0.49423283f, 0.69259757f, 0.5714218f},
                    r.iouPredictions(), 2e-3, 1e-3);
        }
    }
}
