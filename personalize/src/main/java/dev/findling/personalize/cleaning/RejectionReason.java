package dev.findling.personalize.cleaning;

import java.util.Locale;

/** Why {@link DatasetCleaner} left an image out of the cleaned set. */
public enum RejectionReason {
    /** PerSAM did not find the concept (presence score below the threshold). */
    ABSENT,
    /** The concept was found but covers less than {@link CleaningOptions#minAreaRatio()} of the image. */
    TOO_SMALL,
    /** A second instance of the concept was found: the image does not show one subject. */
    AMBIGUOUS,
    /** The file could not be decoded (damaged, not an image, or over the image limits). */
    UNREADABLE;

    /** The manifest's spelling: {@code absent}, {@code too-small}, {@code ambiguous}, {@code unreadable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The reason a manifest spells {@code code}. @throws IllegalArgumentException for any other spelling */
    public static RejectionReason ofCode(String code) {
        for (RejectionReason r : values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a rejection reason: " + code);
    }
}
