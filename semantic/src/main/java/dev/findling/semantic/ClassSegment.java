package dev.findling.semantic;

import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.PointPrompt;

import java.util.List;

/**
 * What one class of a query got.
 *
 * @param label              the class's label in the {@link LabelMap} (1-based)
 * @param name               the class name as queried
 * @param mask               its pixels at the original size (empty when the class was not found)
 * @param area               number of pixels in {@code mask}
 * @param score              mean class probability (softmax over the classes and the background) over the
 *                           class's pixels, at the coarse map's resolution; 0 for an empty class
 * @param decoderIouEstimate in refined mode the decoder's IoU estimate for the chosen mask, else NaN
 * @param points             the positive points the decoder was prompted with (original pixels); empty in coarse mode
 * @param message            why the class is empty (not understood, nothing similar enough, taken by another
 *                           class, empty decoder mask); null when it has pixels
 */
public record ClassSegment(int label, String name, BinaryMask mask, long area, double score, double decoderIouEstimate,
                           List<PointPrompt> points, String message) {
    public ClassSegment {
        points = List.copyOf(points);
    }

    public boolean found() {
        return area > 0;
    }
}
