package dev.findling.index.scan;

import java.util.Locale;
import java.util.Set;

/** File extensions the library ingests; everything else in a root is ignored silently. */
public final class SupportedFormats {
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

    private SupportedFormats() {
    }

    public static boolean isSupported(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return false;
        }
        return EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
