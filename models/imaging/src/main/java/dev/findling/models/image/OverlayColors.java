package dev.findling.models.image;

/** The tints drawn over images ({@link Cutouts#overlay}), in one place so that every page and file agrees. */
public final class OverlayColors {
    /** A concept's mask on the concept and library pages: an orange that stays visible on skin, grass and sky. */
    public static final int CONCEPT = 0xFF7A00;
    /** A kept training image's subject on the cleaning review page: the pages' accent ({@code --accent-line}). */
    public static final int CLEANING = 0xF2B33D;

    private OverlayColors() {
    }
}
