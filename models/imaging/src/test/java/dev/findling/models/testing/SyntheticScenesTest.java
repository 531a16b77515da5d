package dev.findling.models.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticScenesTest {
    @Test
    void sameSpecAndSeedGiveTheSamePixels() {
        assertArrayEquals(SyntheticScenes.standardScene(320, 240, 5).image().copyPixels(),
                SyntheticScenes.standardScene(320, 240, 5).image().copyPixels());
    }

    @Test
    void groundTruthMatchesTheDrawnShapes() {
        SyntheticScenes.Scene s = SyntheticScenes.standardScene(640, 480, 1);
        double r = s.spec().discRadius();
        assertEquals(Math.PI * r * r, s.disc().area(), 0.02 * Math.PI * r * r);
        assertEquals((long) s.spec().squareSide() * s.spec().squareSide(), s.square().area());
        assertEquals(0, s.disc().intersectionArea(s.square()));
        int[] inside = {s.image().channel(s.spec().discCx(), s.spec().discCy(), 0), s.image().channel(s.spec().discCx(), s.spec().discCy(), 2)};
        assertTrue(inside[0] > 150 && inside[1] < 90, "the disc is red");
    }

    @Test
    void randomPlacementKeepsTheObjectsApartAndInside() {
        for (long seed = 0; seed < 20; seed++) {
            SyntheticScenes.Scene s = SyntheticScenes.render(SyntheticScenes.randomPlacement(480, 640, seed));
            assertEquals(0, s.disc().intersectionArea(s.square()), "seed " + seed);
            double r = s.spec().discRadius();
            assertEquals(Math.PI * r * r, s.disc().area(), 0.03 * Math.PI * r * r, "seed " + seed + ": disc clipped by the border");
        }
    }
}
