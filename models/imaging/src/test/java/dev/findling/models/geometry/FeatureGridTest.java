package dev.findling.models.geometry;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one shape rule of SAM embeddings and dense features: C×h×w values, channel-major, never handed out. */
class FeatureGridTest {
    private static final ResizeGeometry FRAME = ResizeGeometry.of(480, 640, 1024);

    @Test
    void cellsAreReadChannelMajor() {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        FeatureGrid grid = new FeatureGrid("embedding", 2, 3, 4, values, FRAME);
        assertEquals(1 * 12 + 2 * 4 + 3, grid.value(1, 2, 3));
        assertEquals(FRAME, grid.geometry());
        assertEquals(values.length, grid.view().remaining());
    }

    @Test
    void aWrongNumberOfValuesIsRefusedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureGrid("dense features", 512, 28, 28, new float[512 * 28 * 27], FRAME));
        assertEquals("dense features: 387072 values but 512×28×28 needs 401408", e.getMessage());
    }

    @Test
    void aSizeThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureGrid("embedding", 256, 0, 64, new float[0], FRAME));
        assertTrue(e.getMessage().contains("every size must be positive"), e.getMessage());
    }

    @Test
    void theValuesCannotBeChangedThroughTheGrid() {
        float[] values = {1, 2, 3, 4};
        FeatureGrid grid = new FeatureGrid("embedding", 1, 2, 2, values, FRAME);
        FloatBuffer view = grid.view();
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 9f));
        float[] copy = grid.copy();
        copy[0] = 9f;
        assertArrayEquals(new float[]{1, 2, 3, 4}, grid.copy());
    }
}
