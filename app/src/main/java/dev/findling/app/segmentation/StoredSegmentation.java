package dev.findling.app.segmentation;

import dev.findling.app.system.NotFoundException;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.semantic.LabelMap;

import java.time.Instant;

/**
 * A kept result: the report, the label map and the image it was computed on, with its PNGs rendered on first
 * request and then kept. Per-class masks are cut from the label map when asked for, so a result costs about
 * four bytes per pixel plus its PNGs, whatever the number of classes.
 */
public final class StoredSegmentation {
    private final TextSegmentationReport report;
    private final RgbImage image;
    private final LabelMap labels;
    private final Instant created;
    private byte[] labelsPng;
    private byte[] overlayPng;

    StoredSegmentation(TextSegmentationReport report, RgbImage image, LabelMap labels, Instant created) {
        this.report = report;
        this.image = image;
        this.labels = labels;
        this.created = created;
    }

    public String id() {
        return report.id();
    }

    public TextSegmentationReport report() {
        return report;
    }

    public Instant created() {
        return created;
    }

    /** The label map as an RGBA PNG: each class opaque in its legend colour, background transparent. */
    public synchronized byte[] labelsPng() {
        if (labelsPng == null) {
            labelsPng = SegmentationImages.labelsPng(labels);
        }
        return labelsPng;
    }

    /** The image with each found class tinted and outlined in its legend colour. */
    public synchronized byte[] overlayPng() {
        if (overlayPng == null) {
            overlayPng = SegmentationImages.overlayPng(image, labels);
        }
        return overlayPng;
    }

    /**
     * The 0/255 mask PNG of one class.
     *
     * @throws NotFoundException when the result has no class with that label
     */
    public byte[] maskPng(int label) {
        if (report.classByLabel(label).isEmpty()) {
            throw new NotFoundException("class (labels are 1–" + report.classes().size() + ") in result " + id(),
                    Integer.toString(label));
        }
        return PngWriter.mask(labels.mask(label));
    }

    /**
     * Memory held, in bytes: pixels, labels and room for the overlay PNG (which is at most about the size of the
     * raw pixels), so that the store's budget holds before and after the PNGs are rendered.
     */
    long estimatedBytes() {
        long pixels = (long) image.width() * image.height();
        long rle = report.classes().stream().mapToLong(c -> c.rle() == null ? 0 : 24L * c.rle().counts().size()).sum();
        return 3 * pixels + pixels + 3 * pixels + pixels + rle;
    }
}
