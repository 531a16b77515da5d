package dev.findling.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobRecordStoreTest {
    @TempDir
    Path dir;

    private static JobRecord record(String id, JobState state, Instant created) {
        return new JobRecord(id, "cleaning", "Cleaning " + id, state, 3, 5, null, List.of("3 kept"), null,
                Map.of("zip", "/api/cleaning/" + id + "/result.zip", "kept", 3), Map.of("concept", "mug"), created,
                created, state.isTerminal() ? created : null);
    }

    @Test
    void recordsSurviveAReopenOneFilePerJobWithNoTemporaryLeft() {
        JobRecordStore store = new JobRecordStore(dir);
        JobRecord a = record("a1", JobState.COMPLETED, Instant.parse("2026-12-06T07:00:00Z"));
        JobRecord b = record("b2", JobState.RUNNING, Instant.parse("2026-12-06T06:00:00Z"));
        store.save(a);
        store.save(b);
        store.save(a); // replaced, not duplicated
        store.close();
        try (JobRecordStore reopened = new JobRecordStore(dir)) {
            assertEquals(List.of(b, a), reopened.loadAll(), "oldest first, every field back as written");
            assertTrue(Files.isRegularFile(dir.resolve("a1.json")));
            assertEquals(List.of(".lock", "a1.json", "b2.json"), Arrays.stream(dir.toFile().list()).sorted().toList(),
                    "no temporary file stays beside the records");
            reopened.delete("a1");
            assertEquals(List.of(b), reopened.loadAll());
        }
    }

    @Test
    void aDamagedRecordIsSetAsideAndATemporaryACrashLeftIsRemoved() throws Exception {
        try (JobRecordStore store = new JobRecordStore(dir)) {
            store.save(record("good", JobState.COMPLETED, Instant.parse("2026-12-06T07:00:00Z")));
        }
        Files.writeString(dir.resolve("torn.json"), "{\"id\":\"torn\",\"type\":\"clea");
        Files.writeString(dir.resolve(".tmp-good.json"), "{");
        JobRecordStore reopened = new JobRecordStore(dir);
        assertFalse(Files.exists(dir.resolve(".tmp-good.json")));
        List<JobRecord> loaded = reopened.loadAll();
        assertEquals(List.of("good"), loaded.stream().map(JobRecord::id).toList());
        assertTrue(Files.isRegularFile(dir.resolve("torn.json.damaged")), "kept for inspection");
    }

    @Test
    void oneStoreAtATimeOwnsTheFolder() {
        JobRecordStore first = new JobRecordStore(dir);
        JobStoreInUseException e = assertThrows(JobStoreInUseException.class, () -> new JobRecordStore(dir));
        assertTrue(e.getMessage().contains("in use by another Findling process"), e.getMessage());
        first.close();
        new JobRecordStore(dir).close();
    }

    @Test
    void idsThatCouldNameAPathAreRefused() {
        JobRecordStore store = new JobRecordStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.delete("../x"));
        assertThrows(IllegalArgumentException.class,
                () -> store.save(record("a/b", JobState.QUEUED, Instant.parse("2026-12-06T07:00:00Z"))));
    }
}
