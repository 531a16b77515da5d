package dev.findling.app.cleaning;

import dev.findling.app.FindlingProperties;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.models.runtime.Device;
import dev.findling.models.testing.RefusingModels;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.FineTuningUnsupportedException;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.cleaning.CleaningOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A cleaning run that asks PerSAM-F of a decoder with fewer than three multimask candidates is refused when it is
 * submitted — with the sentence saying what to do, before the uploads are stored or a job is queued — not by a job
 * that fails later (docs/sam-family.md).
 */
class CleaningFineTuningRefusalTest {
    @TempDir
    Path dataDir;

    @Test
    void fineTuningOnATwoCandidateDecoderIsRefusedBeforeAnythingIsStored() throws Exception {
        ActivePerSam active = mock(ActivePerSam.class);
        when(active.require()).thenReturn(PerSam.of(RefusingModels.encoderThatMustNotRun(), RefusingModels.decoderWithCandidates(2), "p", PerSamOptions.defaults()));
        try (JobRegistry jobs = new JobRegistry(1, 4, 4)) {
            CleaningService cleaning = new CleaningService(active, mock(ConceptStore.class), jobs,
                    new FindlingProperties(dataDir, null, Device.CPU, true, 0, null));
            CleaningService.ConceptSource reference = new CleaningService.ConceptSource.Reference("cat",
                    CleaningScenes.referencePng(), CleaningScenes.referenceMaskPng(), true);
            FineTuningUnsupportedException e = assertThrows(FineTuningUnsupportedException.class,
                    () -> cleaning.submit(reference, List.of(CleaningScenes.upload("a.png", CleaningScenes.referencePng())),
                            CleaningOptions.defaults()));
            assertEquals("PerSAM-F mixes three multimask candidates but the 2-candidates decoder returns 2; create the "
                    + "concept without fine-tuning (plain PerSAM works with this decoder)", e.getMessage());
            Path work = dataDir.resolve("work").resolve("cleaning");
            assertFalse(Files.isDirectory(work) && Files.list(work).findAny().isPresent(), "nothing was stored");
            assertEquals(List.of(), jobs.list());
        }
    }
}
