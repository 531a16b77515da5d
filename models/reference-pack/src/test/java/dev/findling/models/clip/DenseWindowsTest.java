package dev.findling.models.clip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DenseWindowsTest {
    @Test
    void windowsStepByTheStrideAndTheLastIsFlushWithTheImage() {
        assertArrayEquals(new int[]{0, 112, 224}, DenseWindows.origins(448, 224, 16, 112));
        assertArrayEquals(new int[]{0, 112}, DenseWindows.origins(336, 224, 16, 112));
        // 300 px cover 19 patches (304 px): the second window ends there, on the patch grid.
        assertArrayEquals(new int[]{0, 80}, DenseWindows.origins(300, 224, 16, 112));
        assertArrayEquals(new int[]{0}, DenseWindows.origins(100, 224, 16, 112));
        assertArrayEquals(new int[]{0, 128, 224}, DenseWindows.origins(448, 224, 32, 128));
    }

    @Test
    void defaultStrideIsHalfAWindowOnThePatchGrid() {
        assertEquals(112, DenseWindows.DEFAULT.strideFor(224, 16));
        assertEquals(112, DenseWindows.DEFAULT.strideFor(224, 14));
        assertEquals(128, DenseWindows.DEFAULT.strideFor(224, 32));
        assertEquals(64, new DenseWindows(448, 64).strideFor(224, 16));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DenseWindows(8, null));
        assertThrows(IllegalArgumentException.class, () -> new DenseWindows(448, 0));
    }
}
