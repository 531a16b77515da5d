package dev.findling.personalize.find;

import dev.findling.models.image.Cutouts;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files {@code find} writes for an image where the concept is found, named after the image's output stem:
 * {@code <stem>.mask.png} (0/255 grayscale), {@code <stem>.cutout.png} (RGBA, transparent outside the mask) and
 * {@code <stem>.rle.json} (COCO RLE, column-major as pycocotools).
 *
 * @param mask   the mask PNG's file name inside the output folder
 * @param cutout the cut-out's
 * @param rle    the RLE JSON's
 */
public record FoundFiles(String mask, String cutout, String rle) {

    static FoundFiles named(String stem) {
        return new FoundFiles(stem + ".mask.png", stem + ".cutout.png", stem + ".rle.json");
    }

    /** Writes the three files. */
    static FoundFiles write(Path out, String stem, RgbImage image, BinaryMask mask) throws IOException {
        FoundFiles files = named(stem);
        Files.write(out.resolve(files.mask()), MaskImages.toPng(mask));
        Files.write(out.resolve(files.cutout()), Cutouts.rgbaPng(image, mask));
        Files.writeString(out.resolve(files.rle()), CocoRle.encode(mask).toJson());
        return files;
    }

    /** Removes the files of this stem: an earlier run into the same folder must not claim the concept is there. */
    static void delete(Path out, String stem) throws IOException {
        FoundFiles files = named(stem);
        Files.deleteIfExists(out.resolve(files.mask()));
        Files.deleteIfExists(out.resolve(files.cutout()));
        Files.deleteIfExists(out.resolve(files.rle()));
    }
}
