package dev.findling.models.sam;

import dev.findling.models.ModelPack;
import dev.findling.models.fetch.KnownPacks;
import dev.findling.models.geometry.ResizeGeometry;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.SamFamilyPacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code efficientsam-vitt} known pack's manifest, as {@code models fetch} writes it, loads the fixture files
 * (the published layout; only the weights, hashes and the low-res output's exporter-made name differ) and decodes a
 * golden case: the low-res output is found without a name in the manifest.
 */
class EfficientSamKnownPackTest {
    @TempDir
    Path dir;

    @Test
    void knownPackManifestServesThePublishedLayout() throws IOException {
        Path shared = SamFamilyPacks.familyDir().resolve("efficientsam");
        PackManifest published = KnownPacks.efficientSamVitT().manifest();
        List<ModelEntry> unpinned = new ArrayList<>();
        for (ModelEntry e : published.models()) {
            // The fixtures carry random weights: same file names and tensors, other bytes.
            unpinned.add(new ModelEntry(e.role(), e.dialect(), e.file(), null, e.inputs(), e.outputs(), e.preprocessing(), e.dimension()));
            Files.createSymbolicLink(dir.resolve(e.file()), shared.resolve(e.file()));
        }
        Files.write(dir.resolve(PackManifest.FILE_NAME), ManifestReader.toJson(new PackManifest(published.format(), published.id(),
                published.name(), published.kind(), published.label(), published.description(), null, unpinned)));
        try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
            float[] features = SamFamilyPacks.readNpy(shared.resolve("golden/cat01/encoder_out_image_embeddings.npy"), new ArrayList<>());
            ImageEmbedding e = new ImageEmbedding(pack.id(), 256, 64, 64, features, ResizeGeometry.stretched(1277, 1277, 1024));
            DecoderResult r = pack.promptDecoder().decode(e, DecoderPrompt.of(List.of(PointPrompt.positive(566, 704))));
            float[] expected = {0.16719788f, 0.126701f, -0.37077373f}; // manifest.txt, decoder_cat01_point
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], r.iouPrediction(i), 1e-4 + 1e-3 * Math.abs(expected[i]));
            }
            assertEquals(0, r.bestMultimaskIndex());
        }
    }
}
