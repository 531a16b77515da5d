package dev.findling.personalize.cleaning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingImagesTest {
    @TempDir
    Path dir;

    @Test
    void zipImagesAreExtractedWithTheirPathsAndJunkIsSkipped() throws IOException {
        Path zip = zip("set.zip", new Object[][]{
                {"photos/", null}, {"photos/01.jpg", new byte[]{1, 2, 3}}, {"photos/01.txt", "caption".getBytes()},
                {"02.PNG", new byte[]{4}}, {"__MACOSX/photos/._01.jpg", new byte[]{9}}, {".DS_Store", new byte[]{9}}});
        List<TrainingImage> images = TrainingImages.extractZip(zip, dir.resolve("x"), ArchiveLimits.DEFAULT);
        assertEquals(List.of("02.PNG", "photos/01.jpg"), images.stream().map(TrainingImage::file).toList());
        assertEquals("01.jpg", images.get(1).fileName());
        assertTrue(Files.isRegularFile(dir.resolve("x/photos/01.txt")), "captions travel with the images");
        assertFalse(Files.exists(dir.resolve("x/__MACOSX")));
    }

    @Test
    void zipSlipEntryRejectsTheArchiveAndWritesNothingOutside() throws IOException {
        Path zip = zip("evil.zip", new Object[][]{{"ok.jpg", new byte[]{1}}, {"../../escaped.jpg", new byte[]{2}}});
        Path target = dir.resolve("a/b/target");
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> TrainingImages.extractZip(zip, target, ArchiveLimits.DEFAULT));
        assertTrue(e.getMessage().contains("../../escaped.jpg"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a/escaped.jpg")));
        assertFalse(Files.exists(target.resolve("ok.jpg")), "nothing is kept from a rejected archive");
        Path absolute = zip("abs.zip", new Object[][]{{"/etc/x.jpg", new byte[]{1}}});
        assertThrows(UnsafeArchiveException.class, () -> TrainingImages.extractZip(absolute, target, ArchiveLimits.DEFAULT));
    }

    @Test
    void entryCountAndInflatedBytesAreCapped() throws IOException {
        Path many = zip("many.zip", new Object[][]{{"1.jpg", new byte[]{1}}, {"2.jpg", new byte[]{1}}, {"3.jpg", new byte[]{1}}});
        assertThrows(UnsafeArchiveException.class, () -> TrainingImages.extractZip(many, dir.resolve("m"), new ArchiveLimits(2, 1000)));
        // 1 MB of zeros compresses to about a kilobyte: the cap counts what inflates, not what the archive says.
        Path bomb = zip("bomb.zip", new Object[][]{{"zeros.png", new byte[1 << 20]}});
        assertTrue(Files.size(bomb) < 10_000);
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> TrainingImages.extractZip(bomb, dir.resolve("b"), new ArchiveLimits(10, 100_000)));
        assertTrue(e.getMessage().contains("100000 bytes"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("b/zeros.png")));
    }

    @Test
    void notAZipIsABadRequest() throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.zip"), "hello, not a zip");
        assertThrows(IllegalArgumentException.class, () -> TrainingImages.extractZip(fake, dir.resolve("f"), ArchiveLimits.DEFAULT));
        assertFalse(TrainingImages.looksLikeZip(fake));
    }

    @Test
    void aLinkStoredBesideFilesInsideItIsABadRequestAndLeavesNothing() throws IOException {
        // zip -y stores a symbolic link as an entry whose bytes are the link's target; ZipInputStream sees a file.
        Path zip = zip("link.zip", new Object[][]{{"ok.jpg", new byte[]{1}}, {"d", "/etc".getBytes()},
                {"d/evil7.jpg", new byte[]{2}}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingImages.extractZip(zip, dir.resolve("l"), ArchiveLimits.DEFAULT));
        assertTrue(e.getMessage().contains("a file and a folder of the same name"), e.getMessage());
        assertTrue(e.getMessage().contains("d/evil7.jpg"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("l/ok.jpg")));
        assertFalse(Files.exists(dir.resolve("l/d")));

        Path folderThenFile = zip("folder-then-file.zip", new Object[][]{{"d/x.jpg", new byte[]{1}}, {"d", new byte[]{2}}});
        assertThrows(IllegalArgumentException.class,
                () -> TrainingImages.extractZip(folderThenFile, dir.resolve("f"), ArchiveLimits.DEFAULT));
    }

    @Test
    void aTruncatedZipIsABadRequestThatSaysSo() throws IOException {
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(noise);
        Path whole = zip("whole.zip", new Object[][]{{"a.jpg", noise}});
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingImages.extractZip(cut, dir.resolve("c"), ArchiveLimits.DEFAULT));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("c/a.jpg")));
    }

    @Test
    void namesThatAreNotUtf8AreReadAsTheLegacyCodePage() throws IOException {
        // Windows' built-in zip writes names in the OEM code page without the UTF-8 flag: é is 0x82 in IBM437.
        Path file = dir.resolve("cp437.zip");
        try (OutputStream os = Files.newOutputStream(file);
             ZipOutputStream zip = new ZipOutputStream(os, java.nio.charset.Charset.forName("IBM437"))) {
            zip.putNextEntry(new ZipEntry("café.jpg"));
            zip.write(new byte[]{1});
            zip.closeEntry();
        }
        List<TrainingImage> images = TrainingImages.extractZip(file, dir.resolve("n"), ArchiveLimits.DEFAULT);
        assertEquals(List.of("café.jpg"), images.stream().map(TrainingImage::file).toList());
        assertTrue(Files.isRegularFile(dir.resolve("n/café.jpg")));

        Path utf8 = zip("utf8.zip", new Object[][]{{"ünïcødé/日本.jpg", new byte[]{1}}});
        assertEquals(List.of("ünïcødé/日本.jpg"), TrainingImages.extractZip(utf8, dir.resolve("u"), ArchiveLimits.DEFAULT)
                .stream().map(TrainingImage::file).toList());
    }

    @Test
    void folderListingTakesImagesOnly() throws IOException {
        Files.write(dir.resolve("b.jpeg"), new byte[]{1});
        Files.write(dir.resolve("a.webp"), new byte[]{1});
        Files.write(dir.resolve("a.txt"), new byte[]{1});
        Files.write(dir.resolve(".hidden.jpg"), new byte[]{1});
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/c.png"), new byte[]{1});
        assertEquals(List.of("a.webp", "b.jpeg"), TrainingImages.fromFolder(dir, false).stream().map(TrainingImage::file).toList());
        assertEquals(List.of("a.webp", "b.jpeg", "sub/c.png"),
                TrainingImages.fromFolder(dir, true).stream().map(TrainingImage::file).toList());
    }

    private Path zip(String name, Object[][] entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Object[] e : entries) {
                zip.putNextEntry(new ZipEntry((String) e[0]));
                if (e[1] != null) {
                    zip.write((byte[]) e[1]);
                }
                zip.closeEntry();
            }
        }
        return file;
    }
}
