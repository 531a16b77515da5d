package dev.findling.app.segmentation;

import dev.findling.models.image.Cutouts;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.semantic.LabelMap;

import java.util.zip.Deflater;

/** The pictures of a result, the same for the API, the page and the CLI: a coloured label map and an overlay. */
final class SegmentationImages {
    private SegmentationImages() {
    }

    /**
     * The label map as an RGBA PNG: each class opaque in its {@link LegendPalette} colour, background transparent.
     * Written a row at a time: the label map is at the photo's size, which for a large photo is far more than the
     * reduced copy the models saw (docs/ARCHITECTURE.md §1, "Large photos").
     */
    static byte[] labelsPng(LabelMap labels) {
        int w = labels.width();
        int classes = labels.classNames().size();
        int[] colours = new int[classes + 1];
        for (int label = 1; label <= classes; label++) {
            colours[label] = LegendPalette.rgb(label);
        }
        // Flat colour regions compress far better at the highest level, and it stays fast on so little entropy.
        return PngWriter.write(w, labels.height(), 4, (y, rgba) -> {
            java.util.Arrays.fill(rgba, (byte) 0);
            for (int x = 0, i = y * w, o = 0; x < w; x++, i++, o += 4) {
                int label = labels.label(i);
                if (label != LabelMap.BACKGROUND) {
                    int c = colours[label];
                    rgba[o] = (byte) (c >> 16);
                    rgba[o + 1] = (byte) (c >> 8);
                    rgba[o + 2] = (byte) c;
                    rgba[o + 3] = (byte) 0xFF;
                }
            }
        }, Deflater.BEST_COMPRESSION);
    }

    /** The image with each class that has pixels tinted and outlined in its legend colour, as a PNG. */
    static byte[] overlayPng(RgbImage image, LabelMap labels) {
        int[] area = new int[labels.classNames().size() + 1];
        for (int i = 0, n = labels.width() * labels.height(); i < n; i++) {
            area[labels.label(i)]++;
        }
        RgbImage overlay = image;
        for (int label = 1; label < area.length; label++) {
            if (area[label] > 0) {
                overlay = Cutouts.overlay(overlay, labels.mask(label), LegendPalette.rgb(label));
            }
        }
        return PngWriter.rgb(overlay);
    }
}
