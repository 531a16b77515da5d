package dev.findling.app.realarch;

import dev.findling.app.TestData;
import dev.findling.models.pack.importing.PackImporter;
import dev.findling.models.testing.RealArchFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static dev.findling.models.testing.RealArchFixtures.CLIP_TEXT;
import static dev.findling.models.testing.RealArchFixtures.CLIP_VISION;
import static dev.findling.models.testing.RealArchFixtures.MOBILESAM_ENCODER;
import static dev.findling.models.testing.RealArchFixtures.PERSAM_DECODER;
import static dev.findling.models.testing.RealArchFixtures.SAM_DECODER;

/**
 * The pack the real-architecture app tests start on: the fixtures of {@code ../shared/data/real-arch} (MobileSAM
 * encoder with in-graph preprocessing, SAM's multi-mask decoder, PerSAM's decoder, the tiny CLIP towers) linked
 * into a temporary folder and made a pack by {@code models import}, as a user would. Imported once per test JVM;
 * a skipped test when {@code ../shared} is absent.
 */
final class RealArchPack {
    static final String ID = "real-arch-fixtures";
    private static Path dir;

    private RealArchPack() {
    }

    static synchronized Path dir() {
        RealArchFixtures.dir(); // skips the test when the fixtures are absent
        if (dir == null) {
            try {
                Path folder = RealArchFixtures.linkInto(TestData.newTempDir("findling-real-arch-").resolve("pack"), true,
                        MOBILESAM_ENCODER, SAM_DECODER, PERSAM_DECODER, CLIP_TEXT, CLIP_VISION);
                PackImporter.Report report = PackImporter.importFolder(folder, new PackImporter.Options(ID, "real-arch fixtures", false));
                if (!report.ok()) {
                    throw new IllegalStateException("the fixtures did not import:\n" + report.toText());
                }
                dir = folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
