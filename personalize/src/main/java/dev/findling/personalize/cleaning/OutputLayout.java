package dev.findling.personalize.cleaning;

import java.util.List;

/**
 * Where a kept image's files go inside the output folder. PNG outputs are named after the output stem;
 * {@code images/} and {@code masked-loss/} keep the input's own file name.
 *
 * <p>{@code masked-loss/} follows kohya-ss sd-scripts' masked loss ({@code --masked_loss}): a DreamBooth-style
 * subset's {@code conditioning_data_dir} holds one mask per training image, found by the training image's file
 * name (older sd-scripts join the exact base name, newer ones match the stem with any image extension, so the
 * exact name works for both); the mask has the image's size, and its R channel is the loss weight (255 = learn,
 * 0 = ignore). The files are PNG-encoded whatever their extension — lossless, so R is exactly the mask — and
 * PIL, which sd-scripts reads them with, detects the format from the content. {@code images/} holds the kept
 * inputs byte for byte (with their caption files), ready to be the subset's {@code image_dir}.
 */
public final class OutputLayout {
    /** Every folder the cleaner owns in an output folder (replaced when a run writes into an earlier run's output). */
    public static final List<String> FOLDERS = List.of("images", "masks", "cutouts", "on-white", "crops", "masked-loss");

    /** One kind of output per kept image. */
    public enum Kind {
        IMAGE("image", "images"),
        MASK("mask", "masks"),
        CUTOUT("cutout", "cutouts"),
        ON_WHITE("onWhite", "on-white"),
        CROP("crop", "crops"),
        MASKED_LOSS("maskedLoss", "masked-loss");

        private final String key;
        private final String folder;

        Kind(String key, String folder) {
            this.key = key;
            this.folder = folder;
        }

        /** The manifest's key in {@code outputs}. */
        public String key() {
            return key;
        }

        public String folder() {
            return folder;
        }
    }

    private OutputLayout() {
    }

    /** The '/'-separated path of a kept record's output of this kind, relative to the output folder. */
    public static String relativePath(Kind kind, CleaningRecord r) {
        return switch (kind) {
            case IMAGE, MASKED_LOSS -> kind.folder() + "/" + r.outputName();
            default -> kind.folder() + "/" + r.outputStem() + ".png";
        };
    }
}
