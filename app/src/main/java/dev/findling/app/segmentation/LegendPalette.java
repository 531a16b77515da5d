package dev.findling.app.segmentation;

import java.awt.Color;
import java.util.Locale;

/**
 * The colour of each class in label maps, overlays and legends: label 1 gets the first colour, and so on. The
 * first seven are the Okabe–Ito colours (distinguishable with the common colour-vision deficiencies; its black is
 * left out because it would read as background); further labels step around the hue circle by the golden angle
 * so that neighbours never look alike.
 */
public final class LegendPalette {
    private static final int[] OKABE_ITO = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7};
    /** Names for the legend's text and alt texts, so the colours are not the only way to tell classes apart. */
    private static final String[] OKABE_ITO_NAMES = {"orange", "sky blue", "bluish green", "yellow", "blue", "vermillion",
            "reddish purple"};
    private static final float GOLDEN_ANGLE_TURNS = 0.381966f;

    private LegendPalette() {
    }

    /** 0xRRGGBB for a 1-based class label. */
    public static int rgb(int label) {
        if (label < 1) {
            throw new IllegalArgumentException("class labels start at 1 but got " + label);
        }
        if (label <= OKABE_ITO.length) {
            return OKABE_ITO[label - 1];
        }
        float hue = ((label - OKABE_ITO.length) * GOLDEN_ANGLE_TURNS) % 1f;
        return Color.HSBtoRGB(hue, 0.75f, 0.9f) & 0xFFFFFF;
    }

    /** A name for the colour of a label: "orange", "sky blue", …; beyond the named ones, "colour 8" and so on. */
    public static String name(int label) {
        rgb(label);
        return label <= OKABE_ITO_NAMES.length ? OKABE_ITO_NAMES[label - 1] : "colour " + label;
    }

    /** CSS form, e.g. {@code #e69f00}. */
    public static String css(int label) {
        return String.format(Locale.ROOT, "#%06x", rgb(label));
    }
}
