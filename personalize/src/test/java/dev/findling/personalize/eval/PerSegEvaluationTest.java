package dev.findling.personalize.eval;

import dev.findling.models.ModelPack;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PerSegEvaluationTest {

    static Path persegExamples() {
        String root = System.getProperty("findling.repo.root");
        assumeTrue(root != null, "findling.repo.root is not set (run through Maven)");
        Path dir = Path.of(root).resolve("../shared/data/perseg-examples").normalize();
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " is absent (the shared data folder is not mounted)");
        return dir;
    }

    @Test
    void evaluatesThePersegExamples(@TempDir Path out) throws Exception {
        Path dir = persegExamples();
        ModelPack pack = ReferencePackFixture.pack();
        PerSam perSam = new PerSam(pack, PerSamOptions.defaults());
        PerSegEvaluation.Report r = PerSegEvaluation.evaluate(dir, perSam, pack.imageEncoder()::encode, pack.displayLabel(), System.out::println);
        String table = PerSegEvaluation.table(r);
        System.out.println(table);
        assertEquals(2, r.concepts().size());
        assertEquals("cat", r.concepts().get(0).concept());
        assertEquals(2, r.concepts().get(0).testImages());
        for (double v : new double[] {r.mIoU(), r.mBoundaryIoU(), r.mIoUF(), r.mBoundaryIoUF()}) {
            assertTrue(v >= 0 && v <= 1, "a mean IoU in [0, 1]: " + v);
        }
        Path json = out.resolve("perseg.json");
        PerSegEvaluation.writeJson(r, json);
        String text = Files.readString(json);
        assertTrue(text.contains("\"mIoU\"") && text.contains("\"duck_toy\""), text);
        assertTrue(table.contains("duck_toy") && table.contains("mean"));
    }

    @Test
    void datasetReadsTheOfficialLayoutAndPicksImage00AsReference(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("Images/dog"));
        Path masks = Files.createDirectories(dir.resolve("Annotations/dog"));
        for (String s : new String[] {"02", "00", "01"}) {
            Files.write(images.resolve(s + ".jpg"), new byte[] {1});
            Files.write(masks.resolve(s + ".png"), new byte[] {1});
        }
        Files.write(images.resolve("03.jpg"), new byte[] {1}); // no mask: not a test image
        PerSegDataset d = PerSegDataset.open(dir);
        assertEquals(1, d.concepts().size());
        assertEquals("00", d.concepts().get(0).reference().stem());
        assertEquals(2, d.concepts().get(0).tests().size());
        assertEquals("01", d.concepts().get(0).tests().get(0).stem());
    }

    @Test
    void folderWithoutConceptsIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerSegDataset.open(dir));
        assertTrue(e.getMessage().contains("no PerSeg concepts"), e.getMessage());
    }
}
