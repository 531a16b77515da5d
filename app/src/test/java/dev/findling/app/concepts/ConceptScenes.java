package dev.findling.app.concepts;

import dev.findling.models.image.MaskImages;
import dev.findling.models.image.PngWriter;
import dev.findling.models.testing.SyntheticScenes;

/** The scenes the concepts tests use: a red disc to personalise to, found again elsewhere or absent. All ≤ 640×480. */
final class ConceptScenes {
    private ConceptScenes() {
    }

    /** The reference: the standard scene, its disc as the mask. */
    static SyntheticScenes.Scene reference() {
        return SyntheticScenes.standardScene(640, 480, 7);
    }

    /** The same disc and square at other places, sizes and background. */
    static SyntheticScenes.Scene otherPlacement() {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(600, 420, 21));
    }

    /** Only the square: the concept is not there. */
    static SyntheticScenes.Scene withoutDisc() {
        return SyntheticScenes.render(SyntheticScenes.randomPlacement(560, 400, 33).withoutDisc());
    }

    static byte[] png(SyntheticScenes.Scene scene) {
        return PngWriter.rgb(scene.image());
    }

    static byte[] discMaskPng(SyntheticScenes.Scene scene) {
        return MaskImages.toPng(scene.disc());
    }
}
