package dev.findling.index;

import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.SyntheticScenes;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small generated photos (and masks) for library tests: scenes with or without the red disc. */
final class TestImages {
    private TestImages() {
    }

    static RgbImage withDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed)).image();
    }

    static RgbImage withoutDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed).withoutDisc()).image();
    }

    static Path png(Path file, RgbImage image) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, PngWriter.rgb(image));
    }

    static Path jpeg(Path file, RgbImage image) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, Thumbnails.jpeg(image, 0.9f));
    }

    /** A scene with the red disc, with its ground-truth disc mask. */
    static SyntheticScenes.Scene sceneWithDisc(long seed) {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, seed));
    }

    /** A mask as PerSeg stores it: an 8-bit palette PNG (colour type 3), index 0 black and 1 dark red. */
    static Path paletteMaskPng(Path file, BinaryMask mask) throws IOException {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 128}, new byte[2], new byte[2]);
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                raster.setSample(x, y, 0, mask.get(x, y) ? 1 : 0);
            }
        }
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }

    /** A grayscale (colour type 0) PNG of a photo's luminance: a real grayscale photo, many gray levels. */
    static Path grayscalePng(Path file, RgbImage image) throws IOException {
        int w = image.width();
        int h = image.height();
        byte[] gray = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                gray[y * w + x] = (byte) Math.round(0.299 * image.channel(x, y, 0) + 0.587 * image.channel(x, y, 1)
                        + 0.114 * image.channel(x, y, 2));
            }
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, PngWriter.write(w, h, 1, gray, 6));
    }
}
