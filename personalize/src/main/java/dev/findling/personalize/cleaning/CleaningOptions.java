package dev.findling.personalize.cleaning;

import dev.findling.models.image.ImageLimits;

import java.util.Objects;

/**
 * How {@link DatasetCleaner} decides and what it writes.
 *
 * @param minAreaRatio     smallest fraction of the image the subject's mask must cover to be kept (0–1)
 * @param cropMargin       margin around the mask's box for {@code crops/}, as a fraction of the box's longer side (≥ 0)
 * @param squareCrops      grow crops to squares (around the subject, inside the image)
 * @param rejectAmbiguous  look for a second instance and reject images that have one
 * @param imageLimits      largest image accepted per file; larger files are {@code unreadable}
 */
public record CleaningOptions(double minAreaRatio, double cropMargin, boolean squareCrops, boolean rejectAmbiguous,
                              ImageLimits imageLimits) {
    /** Below 2 % of the frame a subject is a few latent cells at SD's 1/8 resolution: too little to learn from. */
    public static final double DEFAULT_MIN_AREA_RATIO = 0.02;
    public static final double DEFAULT_CROP_MARGIN = 0.1;

    public CleaningOptions {
        if (!(minAreaRatio >= 0 && minAreaRatio <= 1)) {
            throw new IllegalArgumentException("minimum area ratio must be in [0, 1] but is " + minAreaRatio);
        }
        if (!(cropMargin >= 0 && cropMargin <= 10)) {
            throw new IllegalArgumentException("crop margin must be in [0, 10] but is " + cropMargin);
        }
        Objects.requireNonNull(imageLimits, "imageLimits");
    }

    public static CleaningOptions defaults() {
        return new CleaningOptions(DEFAULT_MIN_AREA_RATIO, DEFAULT_CROP_MARGIN, false, true, ImageLimits.DEFAULT);
    }

    public CleaningOptions withMinAreaRatio(double v) {
        return new CleaningOptions(v, cropMargin, squareCrops, rejectAmbiguous, imageLimits);
    }

    public CleaningOptions withCropMargin(double v) {
        return new CleaningOptions(minAreaRatio, v, squareCrops, rejectAmbiguous, imageLimits);
    }

    public CleaningOptions withSquareCrops(boolean v) {
        return new CleaningOptions(minAreaRatio, cropMargin, v, rejectAmbiguous, imageLimits);
    }

    public CleaningOptions withRejectAmbiguous(boolean v) {
        return new CleaningOptions(minAreaRatio, cropMargin, squareCrops, v, imageLimits);
    }
}
