package dev.findling.models;

import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.pack.PackVerifier;
import dev.findling.models.pack.TokenizerFiles;
import dev.findling.models.pack.VerificationReport;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PerSamGuidance;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated reference pack, end to end through ModelPack and the dialect wrappers. */
class ModelPackReferenceTest {
    private static ModelPack pack;
    private static SyntheticScenes.Scene scene;
    private static ImageEmbedding embedding;

    @BeforeAll
    static void encodeOnce() {
        pack = ReferencePackFixture.pack();
        scene = SyntheticScenes.standardScene(640, 480, 7);
        embedding = pack.imageEncoder().encode(scene.image());
    }

    @Test
    void isLabelledAsTheReferencePack() {
        assertEquals(ReferencePack.ID, pack.id());
        assertTrue(pack.isReference());
        assertEquals("Findling reference pack — reference (classical, not learned)", pack.displayLabel());
        assertEquals("CPU", pack.executionProvider());
        assertEquals(ReferencePackFixture.directory().toAbsolutePath().normalize(), pack.directory());
    }

    @Test
    void everyRoleIsPresent() {
        assertEquals("sam", pack.imageEncoder().dialect());
        assertEquals("sam-onnx", pack.promptDecoder().dialect());
        assertEquals("persam", pack.personalizationDecoder().dialect());
        assertTrue(pack.personalizationDecoder().acceptsGuidance());
        assertFalse(pack.promptDecoder().acceptsGuidance());
        assertTrue(pack.textEncoder().isPresent());
        assertTrue(pack.denseEncoder().isPresent());
        assertTrue(pack.imageEmbedder().isPresent());
        TokenizerFiles t = pack.tokenizer().orElseThrow();
        assertTrue(t.file() == null || Files.isRegularFile(t.file()), t.toString());
        assertEquals(pack.manifest().models().size(), pack.entries().size());
    }

    @Test
    void embeddingCarriesPackAndGeometry() {
        assertEquals(pack.id(), embedding.packId());
        assertEquals(640, embedding.geometry().originalWidth());
        assertEquals(480, embedding.geometry().originalHeight());
        assertEquals(pack.imageEncoder().inputSize(), embedding.geometry().inputSize());
        assertEquals(256, embedding.channels());
    }

    @Test
    void positiveClickOnTheDiscSegmentsIt() {
        var disc = scene.spec();
        DecoderResult r = pack.promptDecoder().decode(embedding,
                DecoderPrompt.of(List.of(PointPrompt.positive(disc.discCx(), disc.discCy()))));
        BinaryMask best = r.mask(r.bestMultimaskIndex());
        double iou = best.iou(scene.disc());
        assertTrue(iou >= 0.9, "IoU with the disc was " + iou);
        assertFalse(r.guidanceApplied());
        assertFalse(r.maskInputApplied());
    }

    @Test
    void boxAroundTheDiscSegmentsIt() {
        var b = scene.discBox();
        DecoderResult r = pack.promptDecoder().decode(embedding,
                new DecoderPrompt(List.of(), new BoxPrompt(b.x0() - 4, b.y0() - 4, b.x1() + 4, b.y1() + 4), null, null));
        double iou = r.mask(r.bestMultimaskIndex()).iou(scene.disc());
        assertTrue(iou >= 0.9, "IoU with the disc was " + iou);
    }

    @Test
    void maskInputReachesTheGraph() {
        var disc = scene.spec();
        DecoderPrompt click = DecoderPrompt.of(List.of(PointPrompt.positive(disc.discCx(), disc.discCy())));
        DecoderResult first = pack.promptDecoder().decode(embedding, click);
        DecoderResult second = pack.promptDecoder().decode(embedding, click.withMaskInput(first.lowResLogits(0)));
        assertTrue(second.maskInputApplied());
        assertTrue(second.mask(second.bestMultimaskIndex()).iou(scene.disc()) >= 0.9);
    }

    @Test
    void persamDecoderTakesGuidance() {
        var disc = scene.spec();
        float[] target = new float[embedding.channels()];
        int gx = (int) (embedding.geometry().xToInputFrame(disc.discCx()) * embedding.gridWidth() / embedding.geometry().inputSize());
        int gy = (int) (embedding.geometry().yToInputFrame(disc.discCy()) * embedding.gridHeight() / embedding.geometry().inputSize());
        for (int c = 0; c < target.length; c++) {
            target[c] = embedding.feature(c, gy, gx);
        }
        float[] attn = new float[embedding.gridWidth() * embedding.gridHeight()];
        java.util.Arrays.fill(attn, 0.5f);
        DecoderResult r = pack.personalizationDecoder().decode(embedding,
                DecoderPrompt.of(List.of(PointPrompt.positive(disc.discCx(), disc.discCy())))
                        .withGuidance(new PerSamGuidance(attn, target)));
        assertTrue(r.guidanceApplied());
        assertTrue(r.mask(r.bestMultimaskIndex()).iou(scene.disc()) >= 0.8);
    }

    @Test
    void oneDecoderServesConcurrentRequests() throws Exception {
        var disc = scene.spec();
        DecoderPrompt click = DecoderPrompt.of(List.of(PointPrompt.positive(disc.discCx(), disc.discCy())));
        float[] expected = pack.promptDecoder().decode(embedding, click).lowResLogits(0);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> pack.promptDecoder().decode(embedding, click).lowResLogits(0)));
            }
            for (var r : results) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmbeddingFromAnotherPackIsRefused() {
        ImageEmbedding foreign = new ImageEmbedding("sam-vit-b", embedding.channels(), embedding.gridHeight(),
                embedding.gridWidth(), embedding.copyFeatures(), embedding.geometry());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pack.promptDecoder().decode(foreign,
                DecoderPrompt.of(List.of(PointPrompt.positive(10, 10)))));
        assertTrue(e.getMessage().contains("computed by pack 'sam-vit-b' but this decoder belongs to pack '"
                + ReferencePack.ID + "'"), e.getMessage());
    }

    @Test
    void textSideProducesVectorsOfTheDeclaredDimension() {
        var text = pack.textEncoder().orElseThrow();
        // The reference pack's tokenizer has its own small vocabulary; low ids exist in any vocabulary.
        int[] ids = new int[text.contextLength()];
        ids[0] = 3;
        ids[1] = 5;
        assertEquals(text.dimension(), text.encode(ids).length);
        assertThrows(IllegalArgumentException.class, () -> text.encode(new int[5]));

        var dense = pack.denseEncoder().orElseThrow();
        DenseFeatures f = dense.encode(scene.image());
        assertEquals(text.dimension(), dense.dimension());
        assertEquals(dense.dimension(), f.dimension());
        assertEquals(640, f.geometry().originalWidth());

        var embedder = pack.imageEmbedder().orElseThrow();
        assertEquals(embedder.dimension(), embedder.embed(scene.image()).length);
    }

    @Test
    void verifierAcceptsTheReferencePack() {
        VerificationReport r = PackVerifier.verify(ReferencePackFixture.directory());
        assertTrue(r.ok(), r.toText());
        assertTrue(r.entries().stream().allMatch(VerificationReport.EntryReport::sha256Pinned));
    }
}
