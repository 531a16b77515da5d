package dev.findling.personalize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConceptStoreTest {
    @TempDir
    Path dir;

    static Concept sample(String id, Instant at, MaskMixingWeights w) {
        float[] feat = {0.6f, 0.8f, 0f};
        float[] emb = {1.5f, 2f, 0f};
        return new Concept(id, "my mug", "findling-reference-v1", feat, emb, new byte[] {1, 2, 3},
                TestGrids.rect(40, 30, 5, 5, 20, 25), Optional.ofNullable(w), at);
    }

    @Test
    void openingRemovesWhatGoneProcessesLeftInFlightAndPutsBackAReplacedConcept() throws Exception {
        ConceptStore store = new ConceptStore(dir);
        store.save(sample("mug", Instant.parse("2026-12-06T07:00:00Z"), null));
        long gone = Integer.MAX_VALUE - 1L; // above any pid_max: no such process
        String uuid = "-0b7c43f4-54c4-4c41-9d4a-59f1c6b1d0aa";
        Path tmp = Files.createDirectories(dir.resolve(".tmp-" + gone + "-cup" + uuid));
        Files.writeString(tmp.resolve("concept.json"), "{");
        Path legacy = Files.createDirectories(dir.resolve(".tmp-cup" + uuid)); // an older version's name
        Path del = Files.createDirectories(dir.resolve(".del-" + gone + "-old" + uuid));
        // A crash between "mug → .old" and ".tmp → mug": the concept is only in the .old folder.
        Path old = dir.resolve(".old-" + gone + "-mug" + uuid);
        Files.move(dir.resolve("mug"), old);
        Path live = Files.createDirectories(dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-cup" + uuid));

        ConceptStore reopened = new ConceptStore(dir);
        assertFalse(Files.exists(tmp));
        assertFalse(Files.exists(legacy));
        assertFalse(Files.exists(del));
        assertFalse(Files.exists(old));
        assertEquals("my mug", reopened.load("mug").name(), "the replaced concept is back");
        assertTrue(Files.exists(live), "a write of a live process (made since it started) is left alone");
        assertEquals(0, reopened.removeOrphans());
    }

    @Test
    void savedConceptsLoadBackIdentical() throws Exception {
        ConceptStore store = new ConceptStore(dir);
        Concept c = sample("mug-1", Instant.parse("2026-01-02T03:04:05.123Z"), new MaskMixingWeights(0.12, 0.56));
        store.save(c);
        Concept back = store.load("mug-1");
        assertEquals(c, back);
        assertArrayEquals(c.targetFeat(), back.targetFeat());
        assertEquals(0.56, back.fineTuneWeights().orElseThrow().w2());
        String json = Files.readString(dir.resolve("mug-1").resolve("concept.json"));
        assertTrue(json.contains("\"format\" : 1"), json);
        assertEquals(12, Files.size(dir.resolve("mug-1").resolve("target_feat.f32")));
    }

    @Test
    void persamFsLocationFeatureIsKeptWithTheWeights() throws Exception {
        ConceptStore store = new ConceptStore(dir);
        float[] location = {0.28f, 0.96f, 0f};
        Concept c = sample("mug-f", Instant.EPOCH, new MaskMixingWeights(0.18, 0.06, location));
        store.save(c);
        Concept back = store.load("mug-f");
        assertEquals(c, back);
        assertArrayEquals(location, back.fineTuneWeights().orElseThrow().locationFeat());
        assertTrue(Files.readString(dir.resolve("mug-f").resolve("concept.json")).contains("\"locationFeat\""));
        // A concept fitted before the feature was kept loads without it (PerSAM-F then locates with the mean).
        store.save(sample("mug-old", Instant.EPOCH, new MaskMixingWeights(0.18, 0.06)));
        assertEquals(null, store.load("mug-old").fineTuneWeights().orElseThrow().locationFeat());
    }

    @Test
    void listIsNewestFirstAndDeleteRemoves() {
        ConceptStore store = new ConceptStore(dir);
        store.save(sample("a", Instant.parse("2026-01-01T00:00:00Z"), null));
        store.save(sample("b", Instant.parse("2026-02-01T00:00:00Z"), null));
        assertEquals(java.util.List.of("b", "a"), store.list().stream().map(Concept::id).toList());
        store.delete("a");
        assertFalse(store.exists("a"));
        assertEquals(1, store.list().size());
        assertThrows(ConceptNotFoundException.class, () -> store.delete("a"));
    }

    @Test
    void overwritingReplacesTheWholeConcept() {
        ConceptStore store = new ConceptStore(dir);
        store.save(sample("a", Instant.EPOCH, null));
        store.save(sample("a", Instant.EPOCH, new MaskMixingWeights(0.1, 0.2)));
        assertTrue(store.load("a").fineTuneWeights().isPresent());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary folders left behind");
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        ConceptStore store = new ConceptStore(dir);
        assertThrows(ConceptNotFoundException.class, () -> store.load("nope"));
        assertThrows(ConceptNotFoundException.class, () -> store.load("../etc"));
        assertThrows(ConceptNotFoundException.class, () -> store.load(""));
    }

    @Test
    void unknownFormatAndCorruptVectorsAreStoreErrors() throws Exception {
        ConceptStore store = new ConceptStore(dir);
        store.save(sample("a", Instant.EPOCH, null));
        Path json = dir.resolve("a").resolve("concept.json");
        Files.writeString(json, Files.readString(json).replace("\"format\" : 1", "\"format\" : 7"));
        ConceptStoreException e = assertThrows(ConceptStoreException.class, () -> store.load("a"));
        assertTrue(e.getMessage().contains("format 7"), e.getMessage());

        store.save(sample("b", Instant.EPOCH, null));
        Files.write(dir.resolve("b").resolve("target_feat.f32"), new byte[5]);
        assertThrows(ConceptStoreException.class, () -> store.load("b"));
        assertTrue(store.list().isEmpty(), "damaged concepts are skipped by list()");
    }
}
