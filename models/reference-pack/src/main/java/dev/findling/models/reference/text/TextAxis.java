package dev.findling.models.reference.text;

import java.util.List;

/**
 * One axis of the reference pack's text space. The reference text space is the concept space
 * itself: axis {@link #axis()} of a text embedding, a dense patch feature or a global image
 * embedding measures "how much of this concept" — no learned projection in between.
 *
 * <p>Colour concepts carry sRGB prototypes (several per concept, so that shading and common shades
 * of one colour name stay with it); the dense and global image graphs measure soft membership of
 * each pixel block to these prototypes in CIELAB. Texture concepts are measured from oriented
 * gradient statistics instead (see {@link ConceptFeatureGraph}).
 */
public enum TextAxis {
    RED(Family.COLOUR, rgb(255, 0, 0), rgb(220, 20, 35), rgb(150, 10, 20), rgb(178, 34, 34)),
    ORANGE(Family.COLOUR, rgb(255, 140, 0), rgb(255, 165, 0), rgb(225, 105, 30)),
    YELLOW(Family.COLOUR, rgb(255, 255, 0), rgb(255, 215, 40), rgb(250, 245, 130)),
    GREEN(Family.COLOUR, rgb(0, 128, 0), rgb(0, 200, 0), rgb(50, 205, 50), rgb(34, 90, 34), rgb(128, 128, 0),
            rgb(150, 200, 80)),
    CYAN(Family.COLOUR, rgb(0, 255, 255), rgb(0, 128, 128), rgb(64, 224, 208)),
    BLUE(Family.COLOUR, rgb(0, 0, 255), rgb(30, 80, 200), rgb(0, 0, 128), rgb(100, 150, 230), rgb(70, 130, 180),
            rgb(150, 200, 240)),
    PURPLE(Family.COLOUR, rgb(128, 0, 128), rgb(148, 0, 211), rgb(110, 50, 170), rgb(180, 130, 220)),
    PINK(Family.COLOUR, rgb(255, 192, 203), rgb(255, 105, 180), rgb(255, 0, 255), rgb(220, 100, 150)),
    BROWN(Family.COLOUR, rgb(139, 69, 19), rgb(160, 110, 60), rgb(101, 67, 33), rgb(210, 180, 140)),
    BLACK(Family.COLOUR, rgb(0, 0, 0), rgb(28, 28, 28)),
    WHITE(Family.COLOUR, rgb(255, 255, 255), rgb(235, 235, 228)),
    GRAY(Family.COLOUR, rgb(128, 128, 128), rgb(80, 80, 80), rgb(180, 180, 180)),
    STRIPED(Family.TEXTURE),
    DOTTED(Family.TEXTURE),
    CHECKERED(Family.TEXTURE),
    PLAIN(Family.TEXTURE);

    /** Number of axes: the reference text space's dimension D. */
    public static final int DIMENSION = values().length;

    /** Whether a concept is measured from colour or from texture. */
    public enum Family { COLOUR, TEXTURE }

    private final Family family;
    private final List<int[]> prototypesRgb;

    TextAxis(Family family, int[]... prototypesRgb) {
        this.family = family;
        this.prototypesRgb = List.of(prototypesRgb);
    }

    /** Index of this concept's axis in every reference embedding. */
    public int axis() {
        return ordinal();
    }

    public Family family() {
        return family;
    }

    /** Lower-case English name, the canonical word for this axis. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** sRGB prototypes (0–255) of a colour concept; empty for texture concepts. Copies. */
    public List<int[]> prototypesRgb() {
        return prototypesRgb.stream().map(int[]::clone).toList();
    }

    /** The colour concepts in axis order. */
    public static List<TextAxis> colours() {
        return List.of(values()).stream().filter(c -> c.family == Family.COLOUR).toList();
    }

    /** The texture concepts in axis order. */
    public static List<TextAxis> textures() {
        return List.of(values()).stream().filter(c -> c.family == Family.TEXTURE).toList();
    }

    private static int[] rgb(int r, int g, int b) {
        return new int[]{r, g, b};
    }
}
