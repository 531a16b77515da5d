package dev.findling.semantic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidentPointSamplerTest {
    private static final int S = 256;

    private static boolean[] disc(boolean[] region, int cx, int cy, int r) {
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    region[y * S + x] = true;
                }
            }
        }
        return region;
    }

    private static float[] ones() {
        float[] p = new float[S * S];
        java.util.Arrays.fill(p, 1f);
        return p;
    }

    @Test
    void aDiscGetsOnePointAtItsCentre() {
        List<Integer> points = ConfidentPointSampler.sample(disc(new boolean[S * S], 100, 120, 30), ones(), 3);
        assertEquals(1, points.size());
        int x = points.get(0) % S;
        int y = points.get(0) / S;
        assertTrue(Math.abs(x - 100) <= 1 && Math.abs(y - 120) <= 1, "point at " + x + "," + y);
    }

    @Test
    void twoSeparateInstancesEachGetAPoint() {
        boolean[] region = disc(disc(new boolean[S * S], 60, 60, 25), 190, 180, 22);
        List<Integer> points = ConfidentPointSampler.sample(region, ones(), 3);
        assertEquals(2, points.size());
        boolean first = false;
        boolean second = false;
        for (int p : points) {
            int x = p % S;
            int y = p / S;
            first |= Math.hypot(x - 60, y - 60) < 5;
            second |= Math.hypot(x - 190, y - 180) < 5;
        }
        assertTrue(first && second, "points " + points);
    }

    @Test
    void aLongBarGetsSpreadPoints() {
        boolean[] region = new boolean[S * S];
        for (int y = 100; y < 120; y++) {
            for (int x = 20; x < 236; x++) {
                region[y * S + x] = true;
            }
        }
        List<Integer> points = ConfidentPointSampler.sample(region, ones(), 3);
        assertEquals(3, points.size());
        for (int p : points) {
            int y = p / S;
            assertTrue(y >= 105 && y < 115, "point row " + y + " is near the bar's edge");
        }
    }

    @Test
    void anEmptyRegionGivesNoPoints() {
        assertTrue(ConfidentPointSampler.sample(new boolean[S * S], ones(), 3).isEmpty());
    }

    @Test
    void theMostProbableOfEquallyDeepCellsWins() {
        boolean[] region = disc(disc(new boolean[S * S], 60, 60, 20), 190, 180, 20);
        float[] p = ones();
        for (int i = 0; i < p.length; i++) {
            if (i / S > 128) {
                p[i] = 0.6f;
            }
        }
        int first = ConfidentPointSampler.sample(region, p, 1).get(0);
        assertTrue(first / S < 128, "the first point should be on the more probable disc");
    }
}
