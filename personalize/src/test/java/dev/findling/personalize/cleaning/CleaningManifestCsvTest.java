package dev.findling.personalize.cleaning;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** manifest.csv cells: RFC 4180 quoting, and no cell a spreadsheet would evaluate as a formula. */
class CleaningManifestCsvTest {

    @Test
    void cellsThatStartLikeAFormulaAreDefused() {
        assertEquals("'=SUM(1+2)*cmd.jpg", CleaningManifest.csv("=SUM(1+2)*cmd.jpg"));
        assertEquals("'+1.jpg", CleaningManifest.csv("+1.jpg"));
        assertEquals("'-2.jpg", CleaningManifest.csv("-2.jpg"));
        assertEquals("'@cmd.jpg", CleaningManifest.csv("@cmd.jpg"));
        assertEquals("'\ttab.jpg", CleaningManifest.csv("\ttab.jpg"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\").jpg\"",
                CleaningManifest.csv("=HYPERLINK(\"http://x\",\"y\").jpg"));
    }

    @Test
    void ordinaryCellsAreUnchangedOrQuoted() {
        assertEquals("holiday-01.jpg", CleaningManifest.csv("holiday-01.jpg"));
        assertEquals("a=b.jpg", CleaningManifest.csv("a=b.jpg"));
        assertEquals("\"a,b.jpg\"", CleaningManifest.csv("a,b.jpg"));
        assertEquals("", CleaningManifest.csv(null));
    }
}
