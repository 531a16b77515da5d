package dev.findling.index.cache;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Fp16Test {
    @Test
    void exactValuesRoundTrip() {
        for (float v : new float[] {0f, -0f, 1f, -1f, 0.5f, 2f, 65504f, -65504f, 0x1p-14f, 0x1p-24f, 1.5f, 1024f}) {
            assertEquals(v, Fp16.toFloat(Fp16.fromFloat(v)), 0f, "value " + v);
        }
        assertEquals(0x3c00, Fp16.fromFloat(1f) & 0xffff);
        assertEquals(0xc000, Fp16.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, Fp16.fromFloat(65504f) & 0xffff);
    }

    @Test
    void outOfRangeBecomesInfinityAndSpecialsSurvive() {
        assertEquals(Float.POSITIVE_INFINITY, Fp16.toFloat(Fp16.fromFloat(70000f)));
        assertEquals(Float.NEGATIVE_INFINITY, Fp16.toFloat(Fp16.fromFloat(-1e9f)));
        assertTrue(Float.isNaN(Fp16.toFloat(Fp16.fromFloat(Float.NaN))));
        assertEquals(0f, Fp16.toFloat(Fp16.fromFloat(1e-10f)));
    }

    @Test
    void roundsToNearestEven() {
        // 1 + 2^-11 lies exactly between 1 and 1 + 2^-10: ties go to the even mantissa (1).
        assertEquals(1f, Fp16.toFloat(Fp16.fromFloat(1f + 0x1p-11f)));
        // 1 + 3·2^-11 lies between 1 + 2^-10 (odd) and 1 + 2^-9 (even): goes up.
        assertEquals(1f + 0x1p-9f, Fp16.toFloat(Fp16.fromFloat(1f + 3 * 0x1p-11f)));
    }

    @Test
    void relativeErrorOfNormalValuesIsAtMostHalfAnUlp() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            // Normal half range: [2^-14, 65504].
            float v = (float) ((r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble()) * Math.pow(2, r.nextInt(29) - 14));
            float back = Fp16.toFloat(Fp16.fromFloat(v));
            assertTrue(Math.abs(back - v) <= Math.abs(v) * 0x1p-11f, v + " -> " + back);
            // Subnormals keep an absolute error of half their spacing, 2^-25.
            float tiny = (float) ((r.nextDouble() * 2 - 1) * 0x1p-14);
            assertTrue(Math.abs(Fp16.toFloat(Fp16.fromFloat(tiny)) - tiny) <= 0x1p-25f, tiny + "");
        }
    }
}
