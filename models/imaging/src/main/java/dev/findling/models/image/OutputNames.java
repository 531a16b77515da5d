package dev.findling.models.image;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Output names for one run's inputs that never overwrite each other: the input's file name, with "-2", "-3" … added
 * to the stem when an earlier input had the same stem — compared case-insensitively, because {@code a.jpg} and
 * {@code A.png} would share {@code a.mask.png} on macOS and Windows. Used by {@code find}, {@code segment} and the dataset cleaner.
 */
public final class OutputNames {
    private final Set<String> usedStems = new HashSet<>();

    /** The file name without its extension (a leading dot is part of the stem). */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The file name, its stem made unique in this run; the extension is kept. */
    public synchronized String unique(String fileName) {
        String stem = stem(fileName);
        String extension = fileName.substring(stem.length());
        String candidate = stem;
        for (int n = 2; !usedStems.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = stem + "-" + n;
        }
        return candidate + extension;
    }

    /** {@link #unique}'s stem alone. */
    public String uniqueStem(String fileName) {
        return stem(unique(fileName));
    }
}
