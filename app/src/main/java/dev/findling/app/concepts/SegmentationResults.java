package dev.findling.app.concepts;

import dev.findling.models.image.Cutouts;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.OverlayColors;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The PNGs of recent concept segmentations: {@code mask.png} (0/255), {@code overlay.png} (the image with the
 * mask tinted) and, when the concept was found, {@code cutout.png} (RGBA, transparent outside the mask).
 * The mask always has the photo's size; for a photo decoded as a reduced copy (docs/ARCHITECTURE.md §1, "Large
 * photos") the overlay and the cut-out are drawn at the copy's size.
 */
public class SegmentationResults {
    public static final String MASK = "mask.png";
    public static final String OVERLAY = "overlay.png";
    public static final String CUTOUT = "cutout.png";

    private final ResultFiles files;

    public SegmentationResults(ResultFiles files) {
        this.files = files;
    }

    /** Writes the result's PNGs and returns the result id. */
    public String store(RgbImage image, BinaryMask mask, boolean found) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(MASK, MaskImages.toPng(mask));
        out.put(OVERLAY, Cutouts.overlayPng(image, mask, OverlayColors.CONCEPT));
        if (found) {
            out.put(CUTOUT, Cutouts.rgbaPng(image, mask));
        }
        return files.store(out);
    }

    public Optional<Path> file(String resultId, String name) {
        return files.file(resultId, name);
    }
}
