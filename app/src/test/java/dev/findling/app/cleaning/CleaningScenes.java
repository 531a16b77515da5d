package dev.findling.app.cleaning;

import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A small generated training set (320×240): the red disc as subject, one image without it, one damaged file. */
final class CleaningScenes {
    static final int W = 320;
    static final int H = 240;

    private CleaningScenes() {
    }

    static byte[] referencePng() {
        return PngWriter.rgb(SyntheticScenes.standardScene(W, H, 1).image());
    }

    static byte[] referenceMaskPng() {
        return MaskImages.toPng(SyntheticScenes.standardScene(W, H, 1).disc());
    }

    /** file name → bytes, in the order a listing sorts them. */
    static Map<String, byte[]> trainingSet() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] subject = PngWriter.rgb(SyntheticScenes.render(SyntheticScenes.standard(W, H, 2).withDisc(100, 120, 48)).image());
        files.put("a-subject.png", subject);
        files.put("a-subject.txt", "a photo of sks disc".getBytes());
        files.put("c-absent.png", PngWriter.rgb(SyntheticScenes.render(SyntheticScenes.standard(W, H, 4).withoutDisc()).image()));
        files.put("f-broken.png", Arrays.copyOf(subject, subject.length / 3));
        return files;
    }

    static byte[] zip(Map<String, byte[]> files) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (var e : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeTo(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (var e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    /** An upload of {@code bytes} under the name the client sent. */
    static CleaningService.Upload upload(String name, byte[] bytes) {
        return new CleaningService.Upload() {
            @Override
            public String originalFilename() {
                return name;
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }
}
