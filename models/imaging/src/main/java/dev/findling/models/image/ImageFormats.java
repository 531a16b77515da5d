package dev.findling.models.image;

import java.util.List;
import java.util.Locale;

/**
 * The one list of image file extensions Findling reads ({@link ImageDecoder} decodes all of them): what a folder
 * given to {@code find} expands to, what the cleaner takes from a training set, what the library ingests.
 */
public final class ImageFormats {
    /** Lower-case, with the dot, in the order the CLI's help lists them. */
    public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp");

    private ImageFormats() {
    }

    /** Whether the name ends in one of {@link #EXTENSIONS}, case-insensitively. */
    public static boolean hasImageExtension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return true;
            }
        }
        return false;
    }

    /** An image file a user meant as input: an image extension and not hidden (macOS leaves {@code ._x.jpg} beside {@code x.jpg}). */
    public static boolean isVisibleImage(String fileName) {
        return !fileName.startsWith(".") && hasImageExtension(fileName);
    }
}
