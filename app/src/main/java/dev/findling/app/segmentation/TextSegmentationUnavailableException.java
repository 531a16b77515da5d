package dev.findling.app.segmentation;

import dev.findling.app.system.FeatureUnavailableException;

/**
 * The active pack cannot segment from text (no text encoder, no dense encoder or no tokenizer); the fix is to point
 * {@code findling.pack-dir} at a SAM-CLIP or SAM + dense CLIP pack.
 */
public class TextSegmentationUnavailableException extends FeatureUnavailableException {
    public TextSegmentationUnavailableException(String reason) {
        super("Text segmentation unavailable", reason);
    }
}
