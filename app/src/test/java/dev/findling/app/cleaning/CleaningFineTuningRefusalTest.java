package dev.findling.app.cleaning;

import dev.findling.app.FindlingProperties;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.models.image.RgbImage;
import dev.findling.models.runtime.Device;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.FineTuningUnsupportedException;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.cleaning.CleaningOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
        when(active.require()).thenReturn(PerSam.of(encoderThatMustNotRun(), twoCandidates(), "p", PerSamOptions.defaults()));
        try (JobRegistry jobs = new JobRegistry(1, 4, 4)) {
            CleaningService cleaning = new CleaningService(active, mock(ConceptStore.class), jobs,
                    new FindlingProperties(dataDir, null, Device.CPU, true, 0, null));
            CleaningService.ConceptSource reference = new CleaningService.ConceptSource.Reference("cat",
                    CleaningScenes.referencePng(), CleaningScenes.referenceMaskPng(), true);
            FineTuningUnsupportedException e = assertThrows(FineTuningUnsupportedException.class,
                    () -> cleaning.submit(reference, List.of(upload("a.png", CleaningScenes.referencePng())),
                            CleaningOptions.defaults()));
            assertEquals("PerSAM-F mixes three multimask candidates but the two-mask decoder returns 2; create the "
                    + "concept without fine-tuning (plain PerSAM works with this decoder)", e.getMessage());
            Path work = dataDir.resolve("work").resolve("cleaning");
            assertFalse(Files.isDirectory(work) && Files.list(work).findAny().isPresent(), "nothing was stored");
            assertEquals(List.of(), jobs.list());
        }
    }

    private static MaskDecoder twoCandidates() {
        return new MaskDecoder() {
            @Override
            public String dialect() {
                return "two-mask";
            }

            @Override
            public DecoderResult.CandidateLayout candidates() {
                return new DecoderResult.CandidateLayout(2, false, DecoderResult.ScoreKind.IOU_PREDICTION);
            }

            @Override
            public boolean acceptsGuidance() {
                return false;
            }

            @Override
            public boolean acceptsMaskInput() {
                return false;
            }

            @Override
            public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
                throw new AssertionError("refused before decoding");
            }
        };
    }

    private static ImageEncoder encoderThatMustNotRun() {
        return new ImageEncoder() {
            @Override
            public String dialect() {
                return "sam";
            }

            @Override
            public int inputSize() {
                return 1024;
            }

            @Override
            public ImageEmbedding encode(RgbImage image) {
                throw new AssertionError("refused before encoding");
            }
        };
    }

    private static CleaningService.Upload upload(String name, byte[] bytes) {
        return new CleaningService.Upload() {
            @Override
            public String originalFilename() {
                return name;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }
}
