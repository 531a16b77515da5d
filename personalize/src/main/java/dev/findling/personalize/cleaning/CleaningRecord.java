package dev.findling.personalize.cleaning;

import dev.findling.models.mask.PixelBox;

import java.util.Objects;
import java.util.Optional;

/**
 * The decision for one input image: one object of {@code manifest.json}, one row of {@code manifest.csv}.
 *
 * @param file          the input's path relative to the input folder or archive
 * @param outputName    the file name its outputs use (the input's name, made unique within the set); null when unreadable
 * @param kept          whether the image is in the cleaned set
 * @param reason        why it was rejected; empty when kept
 * @param score         PerSAM's presence score of the best candidate (0 when unreadable)
 * @param box           the subject's box in the image's pixels (x0,y0 inclusive, x1,y1 exclusive); empty when absent
 * @param maskAreaRatio fraction of the image the subject's mask covers (all instances when ambiguous)
 * @param instances     how many instances PerSAM found above the presence threshold
 * @param width         image width in pixels (0 when unreadable)
 * @param height        image height in pixels (0 when unreadable)
 * @param error         what was wrong with an unreadable file; null otherwise
 */
public record CleaningRecord(String file, String outputName, boolean kept, Optional<RejectionReason> reason, double score,
                             Optional<PixelBox> box, double maskAreaRatio, int instances, int width, int height,
                             String error) {
    public CleaningRecord {
        Objects.requireNonNull(file, "file");
        reason = reason == null ? Optional.empty() : reason;
        box = box == null ? Optional.empty() : box;
        if (kept == reason.isPresent()) {
            throw new IllegalArgumentException("a record has a reason exactly when it is rejected");
        }
    }

    /** The stem of {@link #outputName()}: {@code masks/<stem>.png} and the other PNG outputs use it. */
    public String outputStem() {
        if (outputName == null) {
            return null;
        }
        int dot = outputName.lastIndexOf('.');
        return dot > 0 ? outputName.substring(0, dot) : outputName;
    }

    /** {@code absent}, {@code too-small}, … or null when kept. */
    public String reasonCode() {
        return reason.map(RejectionReason::code).orElse(null);
    }
}
